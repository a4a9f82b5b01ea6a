package io.parley.http;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loopback ports for the phone tests: the node's SIP port (UDP and TCP) and RTP range, and the ports of
 * the user agents calling it (TestPhone, sipp, baresip).
 *
 * <p>A port found with bind(0) comes from the kernel's ephemeral range, where any process's next bind(0)
 * or outgoing connection may take it before the node binds it; an RTP range there is hit even more
 * easily. These ports come from below that range instead, where nothing takes a port unasked. Each
 * surefire fork ({@code parley.test.fork}, set from {@code surefire.forkNumber} in the pom) has a band
 * of its own, so forks running side by side never pick the same port, and within a JVM ports go out
 * one after the other, a range reserved whole, so no later port falls inside a range whose node has
 * not bound it yet. Each port is still checked free (UDP and TCP on 127.0.0.1) before it goes out,
 * skipping any taken (by another build on the machine, say). Past the band's end it starts over at
 * the band's start: the test classes of a JVM run one after another and close their nodes, so those
 * first ports are long free again.
 */
final class LoopbackPorts {
  /** Above the well-known ports and the services of a developer machine (MySQL, PostgreSQL, Redis, ...). */
  private static final int BASE = 10_000;
  private static final int BAND = 2_500;
  /** Bands up to 25000, below Linux's ephemeral range (32768 by default) and clear of RabbitMQ's 25672. */
  private static final int FORKS = 6;
  private static final int FIRST = bandStart();
  private static int next = FIRST;

  private LoopbackPorts() {}

  /** One port, free for UDP and TCP. */
  static synchronized int port() {
    return take(1, false);
  }

  /** An even port with the {@code count} ports from it free for UDP and TCP, none of them handed out again soon. */
  static synchronized int range(int count) {
    return take(count, true);
  }

  private static int take(int count, boolean even) {
    for (int attempt = 0; attempt < BAND; attempt++) {
      int base = even ? next + (next & 1) : next;
      if (base + count > FIRST + BAND) base = FIRST;
      int taken = firstTaken(base, count);
      next = taken < 0 ? base + count : taken + 1;
      if (taken < 0) return base;
    }
    throw new IllegalStateException("no " + count + " free loopback ports in " + FIRST + ".." + (FIRST + BAND - 1));
  }

  /** The first of the {@code count} ports from {@code base} that is taken for UDP or TCP; -1 if none is. */
  private static int firstTaken(int base, int count) {
    for (int port = base; port < base + count; port++) {
      if (!free(port)) return port;
    }
    return -1;
  }

  private static boolean free(int port) {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    try (DatagramSocket udp = new DatagramSocket(address); ServerSocket tcp = new ServerSocket()) {
      tcp.bind(address, 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int bandStart() {
    int fork = fork();
    if (fork < 1 || fork > FORKS) {
      throw new IllegalStateException("parley.test.fork is " + fork + ": the loopback port bands serve forks 1.."
          + FORKS + " (forkCount in http/pom.xml)");
    }
    int start = BASE + (fork - 1) * BAND;
    int ephemeral = ephemeralLowerBound();
    if (start + BAND > ephemeral) {
      throw new IllegalStateException("the loopback port band " + start + ".." + (start + BAND - 1)
          + " reaches into the ephemeral port range, which starts at " + ephemeral
          + " (/proc/sys/net/ipv4/ip_local_port_range): ports there are taken by other processes' connections");
    }
    return start;
  }

  /**
   * The fork surefire runs this JVM as, from 1; 1 outside surefire, where the property is unset or
   * its placeholder unfilled (an IDE, say).
   */
  private static int fork() {
    String fork = System.getProperty("parley.test.fork", "1");
    if (fork.equals("${surefire.forkNumber}")) return 1;
    if (!fork.matches("\\d+")) {
      throw new IllegalStateException("parley.test.fork is '" + fork + "', not a fork number (http/pom.xml)");
    }
    return Integer.parseInt(fork);
  }

  /** Where Linux hands out ports for bind(0) and outgoing connections; no bound elsewhere. */
  static int ephemeralLowerBound() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (!Files.exists(range)) return Integer.MAX_VALUE;
    try {
      // Not Files.readString: /proc reports a size of 0, and JDK 17 then reads only the first byte.
      return Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + range, e);
    }
  }
}
