package io.parley.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test makes for itself ({@code ip netns}, as root), in which every address
 * but loopback is a trap. It holds loopback, and a pair of linked interfaces of its own: {@code
 * trap0} carries the cloud metadata service's addresses (169.254.169.254 and AWS's fd00:ec2::254)
 * and the default routes of IPv4 and IPv6, so any packet for anywhere else leaves through it and
 * is counted ({@link #packetsOut()}), going nowhere: the peer, {@code sink0}, forwards nothing.
 * Neither sends anything of its own (no ARP, no IPv6 link-local address). Nothing of it is
 * reachable from outside, and nothing in it reaches out.
 */
final class NetworkNamespace implements AutoCloseable {
  static final String METADATA_V4 = "169.254.169.254";
  static final String METADATA_V6 = "fd00:ec2::254";

  private final String name;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /**
   * @throws AssertionError when the namespace cannot be made (not root, no {@code ip}): the test
   *     fails, saying so, rather than passing without having looked
   */
  static NetworkNamespace create() throws IOException, InterruptedException {
    String name = "parley-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Result made = run(List.of("ip", "netns", "add", name));
    if (made.code() != 0) {
      throw new AssertionError("cannot make a network namespace (ip netns add " + name + ": " + made.output().strip()
          + "): this test needs root and iproute2, as CI has");
    }
    NetworkNamespace namespace = new NetworkNamespace(name);
    try {
      namespace.ip("link", "set", "lo", "up");
      namespace.ip("link", "add", "trap0", "type", "veth", "peer", "name", "sink0");
      namespace.inside("sysctl", "-q", "-w", "net.ipv6.conf.trap0.addr_gen_mode=1", "net.ipv6.conf.sink0.addr_gen_mode=1");
      for (String device : List.of("trap0", "sink0")) {
        namespace.ip("link", "set", device, "arp", "off");
        namespace.ip("link", "set", device, "up");
      }
      namespace.ip("addr", "add", METADATA_V4 + "/32", "dev", "trap0");
      namespace.ip("-6", "addr", "add", METADATA_V6 + "/128", "dev", "trap0", "nodad");
      namespace.ip("route", "add", "default", "dev", "trap0");
      namespace.ip("-6", "route", "add", "default", "dev", "trap0");
      return namespace;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      namespace.close();
      throw e;
    }
  }

  /** The command that runs a program inside: put it before the program's own. */
  List<String> launcher() {
    return List.of("ip", "netns", "exec", name);
  }

  /** The packets sent to any address outside the namespace since it was made. */
  long packetsOut() throws IOException, InterruptedException {
    return Long.parseLong(inside("cat", "/sys/class/net/trap0/statistics/tx_packets").strip());
  }

  /** The namespace's sockets as {@code ss} lists them: where a connection was going, should one be. */
  String sockets() throws IOException, InterruptedException {
    return inside("ss", "-tuanp");
  }

  /** Starts a {@link NamespaceTrap} inside, listening at the metadata service's addresses on {@code ports}. */
  Trap trap(int... ports) throws IOException, InterruptedException, URISyntaxException {
    List<String> command = new ArrayList<>(launcher());
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        Path.of(NamespaceTrap.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
        NamespaceTrap.class.getName()));
    for (int port : ports) {
      command.add(METADATA_V4 + ":" + port);
      command.add("[" + METADATA_V6 + "]:" + port);
    }
    return new Trap(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void ip(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(arguments));
    Result result = run(command);
    if (result.code() != 0) throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
  }

  private String inside(String... program) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(launcher());
    command.addAll(List.of(program));
    Result result = run(command);
    if (result.code() != 0) throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
    return result.output();
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "did not end within 30 s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Result deleted = run(List.of("ip", "netns", "del", name));
    if (deleted.code() != 0) throw new AssertionError("ip netns del " + name + " failed: " + deleted.output());
  }

  /** A running {@link NamespaceTrap}: the connections it saw, and the node's answers it fetched. */
  static final class Trap implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final List<String> connections = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private Trap(Process process) throws InterruptedException {
      this.process = process;
      this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread.ofPlatform().daemon().start(this::read);
      String first = replies.poll(30, TimeUnit.SECONDS);
      if (!"LISTENING".equals(first)) {
        process.destroyForcibly();
        throw new AssertionError("the trap did not start: " + first);
      }
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("CONNECTED ")) connections.add(line);
          else replies.add(line);
        }
      } catch (IOException ended) {
        // the trap stopped
      }
      replies.add("ENDED");
    }

    /** The status of a GET of {@code url}, asked from inside the namespace ({@code -1}: no answer). */
    int get(String url) throws IOException, InterruptedException {
      String answer = ask("GET " + url);
      if (!answer.startsWith("ANSWER ")) throw new AssertionError("the trap answered " + answer);
      return Integer.parseInt(answer.split(" ", 3)[1]);
    }

    /**
     * The connections the trap saw: every one made before this call, as the trap prints each
     * before it answers it.
     */
    List<String> connections() throws IOException, InterruptedException {
      String synced = ask("SYNC");
      if (!synced.equals("SYNCED")) throw new AssertionError("the trap answered " + synced);
      return List.copyOf(connections);
    }

    private String ask(String command) throws IOException, InterruptedException {
      commands.write(command + "\n");
      commands.flush();
      String reply = replies.poll(30, TimeUnit.SECONDS);
      if (reply == null) throw new AssertionError("the trap did not answer " + command);
      return reply;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
