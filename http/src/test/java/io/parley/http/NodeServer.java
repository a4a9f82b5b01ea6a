package io.parley.http;

import static io.parley.core.testing.Awaiting.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A Node.js server the tests run (an MCP server from npm), on a free loopback port it is given as {@code PORT},
 * its output in {@link #log}; started once it accepts connections, or failing with what it printed.
 */
record NodeServer(Process process, int port, Path log) implements AutoCloseable {
  static NodeServer start(String name, Path directory, List<String> command) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile("node-server", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    Process process = builder.start();
    try {
      await(name + " listening").atMost(Duration.ofSeconds(30))
          .failFast(name + " exited", () -> !process.isAlive()).until(() -> listening(port));
    } catch (ConditionTimeoutException | TerminalFailureException notStarted) {
      process.destroy();
      throw new AssertionError(name + " did not start:\n" + Files.readString(log), notStarted);
    }
    return new NodeServer(process, port, log);
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
