package io.parley.http;

import static io.parley.core.testing.Awaiting.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.http.testing.LoopbackNode;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestS3;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Starts a node for tests: loopback only, random ports, the given database, and a model or none. */
final class TestNode {
  private TestNode() {}

  static ParleyNode start(DatabaseSettings database, Optional<URI> model) {
    return ParleyNode.start(config(database, model, Map.of()));
  }

  /** A node's settings that put its archive into {@code bucket} of the S3-compatible server {@code s3}, with {@code more}. */
  static Map<String, Object> s3Archive(TestS3 s3, String bucket, Map<String, Object> more) {
    Map<String, Object> settings = new HashMap<>(more);
    settings.put("parley.archive.s3.endpoint", s3.endpoint().toString());
    settings.put("parley.archive.s3.access-key", s3.accessKey());
    settings.put("parley.archive.s3.secret-key", s3.secretKey());
    settings.put("parley.archive.s3.bucket", bucket);
    return settings;
  }

  static Config config(DatabaseSettings database, Optional<URI> model, Map<String, Object> overrides) {
    Map<String, Object> settings = LoopbackNode.settings();
    settings.put("parley.db.url", database.dialect() == io.parley.persistence.Dialect.POSTGRES ? database.url() : "");
    // A PostgreSQL-backed node still writes local files (its directory archive): never into the source tree.
    settings.put("parley.data-dir", database.dialect() == io.parley.persistence.Dialect.POSTGRES
        ? temporaryDataDir() : database.dataDir().toString());
    database.user().ifPresent(user -> settings.put("parley.db.user", user));
    database.password().ifPresent(password -> settings.put("parley.db.password", password));
    settings.put("parley.llm.base-url", model.map(URI::toString).orElse(""));
    settings.put("parley.llm.model", "llama-3.3-70b");
    settings.put("parley.llm.name", "test-model");
    // Tests send bursts on purpose; RateLimitTest sets the limits it checks.
    settings.put("parley.session.messages-per-minute", 100000);
    settings.put("parley.session.message-burst", 100000);
    // Every test client is 127.0.0.1; SessionStartLimitTest sets the limit it checks.
    settings.put("parley.chat.session-starts-per-address", 0);
    settings.put("parley.chat.connections-per-address", 0);
    // UploadLimitsEndToEndTest sets the upload limits it checks.
    settings.put("parley.attachments.files-per-minute-per-address", 0);
    settings.put("parley.attachments.bytes-per-hour-per-address", 0);
    settings.put("parley.identity.tenants", TestIdentity.tenantsJson());
    // Speech engines load only in the tests that talk, from one unpacked model for the whole run.
    settings.put("parley.voice.warm-up", false);
    // The sample help centre only where a test reads it: seeding it embeds its articles once the node
    // serves, about 0.2 s of CPU a node beside the test (docs/testing.md, "Where the time goes").
    settings.put("parley.tools.kb.sample-tenant", "");
    // Telephony only where a test calls: it takes a fixed port.
    settings.put("parley.sip.enabled", false);
    settings.put("parley.voice.model-cache-dir", System.getProperty("java.io.tmpdir") + "/parley-models");
    // The judge scores closed conversations only where a test looks at scores: elsewhere its requests
    // would reach the fake model between the ones a test counts.
    settings.put("parley.quality.scoring", false);
    // A test reads the read model right after the chat, and stops its node: a second's batch (the
    // default, for a busy node's CPU) would be waited for each time.
    settings.put("parley.conversations.batch-window", "100ms");
    // Staff accounts' passwords hashed at a small cost: at the default, the accounts the tests make and
    // sign in with took a tenth of the test JVMs' CPU (docs/testing.md, "Where the time goes").
    settings.put("parley.staff.password-memory-kib", 64);
    settings.put("parley.staff.password-passes", 1);
    settings.putAll(overrides);
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
  }

  /**
   * {@code count} nodes of one cluster in this JVM, on one database, each started by {@code start}
   * from its configuration (the first is the seed); returns once every one is Up.
   */
  static InJvmCluster cluster(DatabaseSettings database, Optional<URI> model, int count,
      Function<Config, ParleyNode> start) throws Exception {
    // A port found free can be taken before the node binds it (another test's outgoing connection
    // gets its local port from the same range): the cluster then starts again on new ports.
    for (int attempt = 1; ; attempt++) {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) ports.add(freePort());
      try {
        return new InJvmCluster(clusterOn(ports, database, model, start));
      } catch (Exception e) {
        if (attempt == 3 || !portTaken(e)) throw e;
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

  private static List<ParleyNode> clusterOn(List<Integer> ports, DatabaseSettings database, Optional<URI> model,
      Function<Config, ParleyNode> start) throws Exception {
    List<ParleyNode> nodes = new ArrayList<>();
    try {
      for (int port : ports) {
        nodes.add(start.apply(config(database, model, Map.of("pekko.remote.artery.canonical.port", port,
            "parley.cluster.seed-nodes", "127.0.0.1:" + ports.get(0)))));
      }
      awaitMembers(nodes.get(0), ports.size());
      return nodes;
    } catch (Exception | AssertionError e) {
      nodes.forEach(ParleyNode::close);
      throw e;
    }
  }

  /** The node's address in the cluster, {@code parley@host:port}. */
  static String address(ParleyNode node) {
    return Cluster.get(node.system()).selfMember().address().hostPort();
  }

  private static void awaitMembers(ParleyNode node, int count) {
    Cluster cluster = Cluster.get(node.system());
    await("the cluster at " + count + " members up").atMost(Duration.ofSeconds(30))
        .until(() -> StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .filter(member -> member.status() == MemberStatus.up()).count() == count);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String temporaryDataDir() {
    try {
      return java.nio.file.Files.createTempDirectory("parley-node").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
