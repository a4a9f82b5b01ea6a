package io.parley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The platform a node is built on, without the node: what any chat server on this stack starts and
 * does for a message, and nothing more. A Pekko Typed actor system forms a cluster of one, shards
 * one event-sourced entity per conversation on Pekko Persistence JDBC over an embedded H2 file
 * (written as the node writes its journal), writes one event through it, then binds Pekko HTTP with
 * a readiness route and a chat socket. Run on the server jar's libraries, with or without an
 * ahead-of-time cache of its own, it says how much of a node's start and of its ack the libraries
 * and the JVM take before Parley's own code does anything.
 *
 * <p>Its port is {@code PARLEY_HTTP_PORT} (8080), its files in {@code PARLEY_DATA_DIR} (./data), an
 * answer's delay {@code FLOOR_ANSWER_MS} (0); bench/startup/stack-floor.sh builds and trains it.
 */
public final class StackFloor {
  private static final EntityTypeKey<Append> COUNTERS = EntityTypeKey.create(Append.class, "Counter");

  /** The entity's one command: store a word, answered once it is in the journal. */
  public record Append(String word, ActorRef<StatusReply<Integer>> replyTo) {}

  private StackFloor() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PARLEY_HTTP_PORT", "8080"));
    Path data = Path.of(System.getenv().getOrDefault("PARLEY_DATA_DIR", "data")).toAbsolutePath();
    Duration answerDelay = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("FLOOR_ANSWER_MS", "0")));
    Files.createDirectories(data);
    String url = "jdbc:h2:file:" + data.resolve("floor") + ";DATABASE_TO_UPPER=false";
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
         Statement statement = connection.createStatement()) {
      // The plugin's own H2 schema (its one index without IF NOT EXISTS), as Parley's first migration holds it.
      statement.execute(new String(StackFloor.class.getResourceAsStream("/schema/h2/h2-create-schema.sql")
          .readAllBytes(), StandardCharsets.UTF_8).replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS "));
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "floor", config(url));
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    while (cluster.selfMember().status() != MemberStatus.up()) {
      Thread.sleep(10);
    }
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(COUNTERS, context -> counter(PersistenceId.of("Counter", context.getEntityId()))));
    CompletionStage<Integer> written = sharding.entityRefFor(COUNTERS, "start")
        .askWithStatus(replyTo -> new Append("ready", replyTo), Duration.ofSeconds(30));
    written.toCompletableFuture().get();
    Route routes = Directives.concat(
        Directives.path(PathMatchers.segment("health").slash("ready"), () -> Directives.complete("ok")),
        Directives.path(PathMatchers.segment("v1").slash("chat").slash("ws"),
            () -> Directives.handleWebSocketMessages(new Conversation(sharding, system, answerDelay).frames())));
    Http.get(system).newServerAt("127.0.0.1", port).bind(routes).toCompletableFuture().get();
    System.out.println("stack floor ready on port " + port);
  }

  /**
   * One socket's conversation in the least of chat protocol v1 that bench/out-of-process/load.js
   * needs: {@code start} gives a {@code session}; each {@code user} message is written to the
   * conversation's entity and acked, then answered after {@code answerDelay} (what a model would
   * take; nothing is asked of one); {@code close} ends it.
   */
  private static final class Conversation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClusterSharding sharding;
    private final Materializer materializer;
    private final Duration answerDelay;
    private String sessionId;

    Conversation(ClusterSharding sharding, ActorSystem<Void> system, Duration answerDelay) {
      this.sharding = sharding;
      this.materializer = Materializer.matFromSystem(system);
      this.answerDelay = answerDelay;
    }

    Flow<Message, Message, NotUsed> frames() {
      return Flow.of(Message.class)
          .flatMapConcat(message -> message.isText()
              ? Source.completionStage(message.asTextMessage().toStrict(5_000, materializer))
                  .flatMapConcat(text -> answer(text.getStrictText()))
              : Source.<String>empty())
          .map(frame -> (Message) TextMessage.create(frame));
    }

    private Source<String, NotUsed> answer(String text) {
      JsonNode frame;
      try {
        frame = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        return Source.single(json(Map.of("type", "error", "message", "not JSON")));
      }
      switch (frame.path("type").asText()) {
        case "start" -> {
          sessionId = UUID.randomUUID().toString();
          return Source.single(json(Map.of("type", "session", "sessionId", sessionId)));
        }
        case "user" -> {
          String clientMsgId = frame.path("clientMsgId").asText();
          CompletionStage<Integer> written = sharding.entityRefFor(COUNTERS, sessionId).askWithStatus(
              (ActorRef<StatusReply<Integer>> replyTo) -> new Append(frame.path("text").asText(), replyTo),
              Duration.ofSeconds(5));
          return Source.completionStage(written).flatMapConcat(count -> {
            String turnId = "turn-" + count;
            Source<String, NotUsed> answer =
                Source.single(json(Map.of("type", "message", "role", "assistant", "turnId", turnId, "text", "Noted.")));
            return Source.single(json(Map.of("type", "ack", "clientMsgId", clientMsgId, "turnId", turnId)))
                .concat(answerDelay.isZero() ? answer : answer.initialDelay(answerDelay));
          });
        }
        case "close" -> {
          return Source.single(json(Map.of("type", "closed")));
        }
        default -> {
          return Source.empty();
        }
      }
    }

    private static String json(Map<String, String> frame) {
      try {
        return JSON.writeValueAsString(frame);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Config config(String url) {
    return ConfigFactory.parseString("""
        pekko {
          loglevel = WARNING
          actor.provider = cluster
          remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
          cluster.jmx.enabled = off
          persistence.journal.plugin = "jdbc-journal"
          persistence.snapshot-store.plugin = "jdbc-snapshot-store"
        }
        slick {
          profile = "slick.jdbc.H2Profile$"
          db { url = "%s", user = "sa", password = "", driver = "org.h2.Driver",
               numThreads = 2, maxConnections = 2, minConnections = 1 }
        }
        jdbc-journal.slick = ${slick}
        jdbc-snapshot-store.slick = ${slick}
        # The plugin's journal with the node's write path (JournalConfig): the fastest this stack has.
        jdbc-journal.class = "io.parley.persistence.DirectWriteJournal"
        jdbc-journal.plugin-dispatcher = "parley.journal-dispatcher"
        jdbc-journal.write-response-global-order = off
        """.formatted(url)).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static EventSourcedBehaviorWithEnforcedReplies<Append, String, Integer> counter(PersistenceId id) {
    return new EventSourcedBehaviorWithEnforcedReplies<>(id) {
      @Override
      public Integer emptyState() {
        return 0;
      }

      @Override
      public CommandHandlerWithReply<Append, String, Integer> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
            .onCommand(Append.class, (state, append) -> Effect().persist(append.word())
                .thenReply(append.replyTo(), count -> StatusReply.success(count)))
            .build();
      }

      @Override
      public EventHandler<Integer, String> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((count, word) -> count + 1);
      }
    };
  }
}
