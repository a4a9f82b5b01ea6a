package io.parley.http.aot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.parley.core.identity.Sha256;
import io.parley.http.ParleyNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the ahead-of-time cache ({@code java -XX:+UseCompactObjectHeaders
 * -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching -XX:AOTCacheOutput=parley-server.aot -jar
 * parley-server.jar --train}, as the build and the image run it): a node of the default settings, with a loopback model of its
 * own ({@link TrainingModel}), started on a new temporary data directory and loopback ports,
 * given the work of {@link TrainingWorkload}, and stopped gracefully, after which the JVM writes
 * the classes it loaded and linked, and the profiles of what ran, into the cache. The {@code
 * PARLEY_*} environment is not read: the build's cache must not depend on the shell it ran in, nor
 * reach a database, cluster or bucket of the developer's. The node's log goes to a file, kept
 * only when the run fails; one line on stderr says what was done.
 */
public final class Training {
  /** The argument of {@code io.parley.http.Main} that runs the training. */
  public static final String ARGUMENT = "--train";
  /** A port taken between its choice and the node's bind fails the start: it is started again on new ports. */
  private static final int STARTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Training() {}

  /** Runs the training; returns the process's exit status: 0, or 1 when the node failed a step. */
  public static int run() {
    PrintStream report = System.err;
    long began = System.nanoTime();
    Path dir;
    try {
      dir = Files.createTempDirectory("parley-training");
    } catch (IOException e) {
      report.println("parley: training failed: no temporary directory: " + e);
      return 1;
    }
    Path log = dir.resolve("node.log");
    PrintStream console = System.out;
    try (PrintStream nodeLog = new PrintStream(log.toFile())) {
      // Logback's console writes to whatever System.out is when it writes.
      System.setOut(nodeLog);
      byte[] key = new byte[16];
      new SecureRandom().nextBytes(key);
      String adminKey = HexFormat.of().formatHex(key);
      try (TrainingModel model = TrainingModel.start()) {
        ParleyNode node = start(dir.resolve("data"), model, adminKey);
        double ready = seconds(began);
        List<String> done;
        try {
          done = new TrainingWorkload(node.httpPort(), adminKey).run();
        } finally {
          node.close();
        }
        report.printf("parley: trained in %.1f s (node started in %.1f s): %s%n", seconds(began), ready,
            String.join("; ", done));
      }
    } catch (FileNotFoundException e) {
      report.println("parley: training failed: cannot write its log " + log + ": " + e);
      return 1;
    } catch (RuntimeException e) {
      report.println("parley: training failed: " + (e instanceof TrainingFailure ? e.getMessage() : e)
          + "; the node's log is " + log);
      return 1;
    } finally {
      System.setOut(console);
    }
    delete(dir, report);
    return 0;
  }

  private static ParleyNode start(Path dataDir, TrainingModel model, String adminKey) {
    for (int attempt = 1; ; attempt++) {
      try {
        return ParleyNode.start(settings(dataDir, model, adminKey, sipPort()));
      } catch (RuntimeException e) {
        if (attempt == STARTS || !portTaken(e)) throw e;
      }
    }
  }

  /**
   * The defaults of application.conf and reference.conf without the environment, on loopback and
   * ports of the OS's choice, answered by {@code model}, with the default tenant's customers
   * anonymous and its admin known by {@code adminKey}.
   */
  static Config settings(Path dataDir, TrainingModel model, String adminKey, int sipPort) {
    Map<String, Object> settings = LoopbackListeners.settings();
    settings.put("parley.data-dir", dataDir.toString());
    // Telephony listens on one port for UDP and TCP, which the OS cannot choose for both.
    settings.put("parley.sip.host", "127.0.0.1");
    settings.put("parley.sip.port", sipPort);
    settings.put("parley.llm.base-url", model.baseUrl().toString());
    settings.put("parley.llm.model", "training");
    // The steady chat's customers write as fast as the node answers, as no person does.
    settings.put("parley.session.messages-per-minute", 1_000_000);
    settings.put("parley.session.message-burst", 1_000_000);
    ObjectNode tenant = JSON.createObjectNode().put("anonymousWithoutKey", true);
    tenant.putArray("apiKeys").addObject().put("name", "training").put("sha256", HexFormat.of().formatHex(Sha256.of(adminKey)))
        .putArray("roles").add("admin");
    ObjectNode tenants = JSON.createObjectNode();
    tenants.set("demo", tenant);
    settings.put("parley.identity.tenants", tenants.toString());
    return ConfigFactory.parseMap(settings)
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
        .withFallback(ConfigFactory.parseResourcesAnySyntax("reference"))
        .resolve(ConfigResolveOptions.noSystem());
  }

  /** A port free for both UDP and TCP on loopback now. */
  private static int sipPort() {
    while (true) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
           DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return udp.getLocalPort();
      } catch (IOException takenForUdp) {
        // another port
      }
    }
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void delete(Path dir, PrintStream report) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    } catch (IOException e) {
      report.println("parley: the training's directory " + dir + " is left behind: " + e);
    }
  }
}
