package io.parley.sessions.entity;

import io.parley.core.compute.LogicBudget;
import io.parley.persistence.testing.TestH2;
import io.parley.sessions.procedure.TenantLogic;
import com.typesafe.config.ConfigFactory;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.cost.TenantSpend;
import io.parley.core.gaps.KnowledgeGaps;
import io.parley.core.cache.AnswerCache;
import io.parley.core.language.LanguageDetection;
import io.parley.core.limits.TenantMessageRate;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmClientSettings;
import io.parley.core.llm.LlmEndpoint;
import io.parley.core.llm.OpenAiCompatibleClient;
import io.parley.core.memory.UserMemory;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.retry.Backoff;
import io.parley.core.trace.Tracing;
import io.parley.persistence.Database;
import io.parley.persistence.archive.DirectoryArchiveStore;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.memory.JdbcUserMemory;
import io.parley.sessions.LeadAlerts;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.handoff.UnstaffedTickets;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.TurnPrompts;
import io.parley.tools.TenantTools;
import io.parley.tools.ToolRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * SessionServices for tests: the real prompt assembly, offline responder, directory archive and
 * long-term memory (H2 and the MiniLM model), with or without a model server.
 */
public final class TestSessionServices {
  private TestSessionServices() {}

  /** One long-term memory per test JVM: the embedding model takes a moment to load. */
  private static UserMemory sharedMemory;

  public static SessionSettings settings() {
    return settings(Map.of());
  }

  /** Session settings with {@code overrides} of {@code parley.session.*} paths, e.g. {@code "idle-close" -> "300ms"}. */
  public static SessionSettings settings(Map<String, String> overrides) {
    Map<String, String> paths = new java.util.HashMap<>();
    // Tests send bursts on purpose; the limits have tests of their own that set them.
    paths.put("parley.session.messages-per-minute", "100000");
    paths.put("parley.session.message-burst", "100000");
    overrides.forEach((key, value) -> paths.put("parley.session." + key, value));
    return SessionSettings.create(ConfigFactory.parseMap(paths).withFallback(ConfigFactory.load()));
  }

  public static SessionServices offline() {
    return offline(settings());
  }

  public static SessionServices offline(SessionSettings settings) {
    return create(Optional.empty(), settings, newArchive());
  }

  /** A real OpenAI-compatible client against {@code baseUrl} (the in-test fake model server), with fast retries. */
  public static SessionServices withModel(URI baseUrl, SessionSettings settings) {
    return withModel(baseUrl, settings, newArchive());
  }

  public static SessionServices withModel(URI baseUrl, SessionSettings settings, ArchiveStore archive) {
    LlmClient client = new OpenAiCompatibleClient(
        new LlmEndpoint("test-model", baseUrl, "llama-3.3-70b", Optional.empty()),
        new LlmClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.2)));
    return create(Optional.of(client), settings, archive);
  }

  /** Where the tests' sessions decide their procedures' steps: one thread, the node's default budget. */
  static final TenantLogic LOGIC = TenantLogic.start(new LogicBudget(LogicBudget.DEFAULT.timeLimit(),
      LogicBudget.DEFAULT.maxValueSize(), LogicBudget.DEFAULT.maxBuilt(), 1));

  static SessionServices create(Optional<LlmClient> llm, SessionSettings settings, ArchiveStore archive) {
    return new SessionServices(
        new Answering(llm, TurnPrompts.create(settings), OfflineResponder.fromResource(OfflineResponder.DEFAULT_RESOURCE),
            memory(), AnswerCache.off(), TenantTools.nodeOnly(ToolRegistry.empty()), settings,
            new SessionMetrics(new PrometheusRegistry()), Tracing.off(), Clock.systemUTC()),
        archive,
        TenantBudgets.unlimited(),
        TenantMessageRate.none(),
        BotConfigs.none(),
        LeadAlerts.none(),
        UnstaffedTickets.none(),
        LanguageDetection.off(), KnowledgeGaps.none(), LOGIC, TenantSpend.none());
  }

  /** {@code base} with the tenants' budgets and metrics of a test. */
  public static SessionServices withBudgets(SessionServices base, TenantBudgets budgets, SessionMetrics metrics) {
    Answering a = base.answering();
    return new SessionServices(new Answering(a.llm(), a.prompts(), a.offline(), a.memory(), a.answerCache(), a.tools(),
        a.settings(), metrics, a.tracing(), a.clock()), base.archive(), budgets, base.tenantMessages(), base.botConfigs(),
        base.leads(), base.unstaffedTickets(), base.languages(), base.gaps(), base.logic(), base.costs());
  }

  /** {@code base} on {@code clock}. */
  static SessionServices withClock(SessionServices base, Clock clock) {
    Answering a = base.answering();
    return withAnswering(base, new Answering(a.llm(), a.prompts(), a.offline(), a.memory(), a.answerCache(), a.tools(),
        a.settings(), a.metrics(), a.tracing(), clock));
  }

  /** {@code base} recalling and remembering through {@code memory}. */
  static SessionServices withMemory(SessionServices base, UserMemory memory) {
    Answering a = base.answering();
    return withAnswering(base, new Answering(a.llm(), a.prompts(), a.offline(), memory, a.answerCache(), a.tools(),
        a.settings(), a.metrics(), a.tracing(), a.clock()));
  }

  private static SessionServices withAnswering(SessionServices base, Answering answering) {
    return new SessionServices(answering, base.archive(), base.budgets(), base.tenantMessages(), base.botConfigs(),
        base.leads(), base.unstaffedTickets(), base.languages(), base.gaps(), base.logic(), base.costs());
  }

  /** {@code base} telling {@code costs} what its turns spent. */
  static SessionServices withCosts(SessionServices base, TenantSpend costs) {
    return new SessionServices(base.answering(), base.archive(), base.budgets(), base.tenantMessages(), base.botConfigs(),
        base.leads(), base.unstaffedTickets(), base.languages(), base.gaps(), base.logic(), costs);
  }

  /** {@code base} telling {@code leads} of qualified leads. */
  static SessionServices withLeads(SessionServices base, LeadAlerts leads) {
    return new SessionServices(base.answering(), base.archive(), base.budgets(), base.tenantMessages(), base.botConfigs(),
        leads, base.unstaffedTickets(), base.languages(), base.gaps(), base.logic(), base.costs());
  }

  static DirectoryArchiveStore newArchive() {
    try {
      return new DirectoryArchiveStore(Files.createTempDirectory("parley-archive"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized UserMemory memory() {
    if (sharedMemory == null) {
      try {
        Path dir = Files.createTempDirectory("parley-memory");
        Database database = Database.open(TestH2.migratedIn(dir));
        database.migrate();
        sharedMemory = new JdbcUserMemory(database.dataSource(), new MiniLmEmbeddingModel());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sharedMemory;
  }
}
