package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs sipp (Debian package {@code sip-tester}) once against a node on loopback with a scenario of
 * this module's test resources ({@code /sipp/}), in a working folder of the test's; fails, never
 * skips, without it.
 */
final class Sipp {
  /** What sipp said: its exit code (0: every call succeeded) and its screen and error file. */
  record Run(int exitCode, String output) {}

  /** sipp binds its media port for audio and the port two above it for video. */
  private static final int MEDIA_PORTS = 3;

  private Sipp() {}

  /** One call from {@code localAddress} to {@code service} at the node's {@code sipPort}, with sipp's other {@code options}. */
  static Run call(Path work, String scenario, String localAddress, int sipPort, String service, List<String> options)
      throws Exception {
    Path script = work.resolve(scenario);
    try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
      Files.copy(in, script);
    }
    Path screen = work.resolve("sipp-screen.txt");
    Path errors = work.resolve("sipp-errors.txt");
    List<String> command = new ArrayList<>(List.of("sipp", "-sf", script.toString(), "127.0.0.1:" + sipPort,
        "-s", service, "-m", "1", "-i", localAddress, "-p", String.valueOf(LoopbackPorts.port()),
        "-mp", String.valueOf(LoopbackPorts.range(MEDIA_PORTS)), "-nostdin", "-timeout", "90s", "-timeout_error",
        "-trace_err", "-error_file", errors.toString()));
    command.addAll(options);
    Process sipp;
    try {
      sipp = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(screen.toFile()).start();
    } catch (IOException missing) {
      throw new AssertionError("sipp is missing: install the Debian package sip-tester (apt-get install -y sip-tester); "
          + "CI's .ci/run does", missing);
    }
    assertTrue(sipp.waitFor(120, TimeUnit.SECONDS), "sipp did not finish in time");
    return new Run(sipp.exitValue(), read(screen) + read(errors));
  }

  /** A sipp answering one call with {@code scenario}, on loopback at {@code port}, tracing its messages into {@code work}. */
  record Phone(Process process, Path work) {
    /** Waits for sipp to finish its one call; what it said. */
    Run finished() throws Exception {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "sipp did not finish in time");
      return new Run(process.exitValue(), read(work.resolve("sipp-screen.txt")) + read(work.resolve("sipp-errors.txt")));
    }

    String messages() throws IOException {
      return read(work.resolve("sipp-messages.txt"));
    }
  }

  /**
   * sipp as the called party (UAS) for one call at 127.0.0.1:{@code port}, with its media port from
   * {@link LoopbackPorts}; its scenario's {@code [node]} is the caller's SIP address, {@code 127.0.0.1:nodeSipPort}
   * (in UAS mode sipp's own {@code [remote_ip]} is empty), where a BYE of the called party goes.
   */
  static Phone answer(Path work, String scenario, int port, int nodeSipPort) throws Exception {
    return answer(work, scenario, port, nodeSipPort, 1, List.of());
  }

  /**
   * As {@link #answer(Path, String, int, int)}, for {@code calls} calls in turn (a number a campaign calls
   * again), with sipp's other {@code options} (such as {@code -rtp_echo}).
   */
  static Phone answer(Path work, String scenario, int port, int nodeSipPort, int calls, List<String> options)
      throws Exception {
    Path script = work.resolve(scenario);
    try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
      Files.copy(in, script);
    }
    List<String> command = new ArrayList<>(List.of("sipp", "-sf", script.toString(), "-m", String.valueOf(calls), "-i", "127.0.0.1", "-p",
        String.valueOf(port), "-mp", String.valueOf(LoopbackPorts.range(MEDIA_PORTS)), "-nostdin", "-timeout", "90s",
        "-timeout_error", "-trace_err", "-error_file", work.resolve("sipp-errors.txt").toString(), "-trace_msg",
        "-message_file", work.resolve("sipp-messages.txt").toString(), "-key", "node", "127.0.0.1:" + nodeSipPort));
    command.addAll(options);
    try {
      return new Phone(new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(work.resolve("sipp-screen.txt").toFile()).start(), work);
    } catch (IOException missing) {
      throw new AssertionError("sipp is missing: install the Debian package sip-tester (apt-get install -y sip-tester); "
          + "CI's .ci/run does", missing);
    }
  }

  static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
  }
}
