package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.language.LanguageDetection;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.trace.Tracing;
import io.parley.frontdoor.HttpPort;
import io.parley.http.auth.AuditMetrics;
import io.parley.http.cluster.ClusterFormation;
import io.parley.http.cluster.ClusterSettings;
import io.parley.http.cluster.ManagementServer;
import io.parley.http.rest.ApiError;
import io.parley.persistence.Database;
import io.parley.persistence.JournalConfig;
import io.parley.persistence.ShardCount;
import io.parley.persistence.archive.ArchiveStores;
import io.parley.persistence.audit.JdbcAuditLog;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.embedding.TokenizerLibraries;
import io.parley.sessions.Edges;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.bot.PhoneDirectory;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.sessions.resilience.FailoverLlmClient;
import io.parley.sessions.workflow.Workflow;
import io.parley.tools.ToolRegistry;
import io.parley.voice.VoiceCalls;
import io.parley.voice.local.OnnxRuntimeLibraries;
import io.parley.voice.phone.SipBridge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One running Parley node: database and schema, actor system and cluster membership, the
 * cluster-management server, sharded sessions, the model client, and the HTTP server.
 * {@link Main} starts one from the environment; tests start several with their own configuration.
 */
public final class ParleyNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ParleyNode.class);
  /**
   * Every entity type a node may shard (the voice spend only with voice on): each remembers its
   * entities per shard (ShardCount checks their ids), and {@code /cluster/sharding} reports each.
   */
  private static final List<EntityTypeKey<?>> SHARDED = List.of(ChatSession.ENTITY_KEY, Workflow.ENTITY_KEY,
      TenantTokenBudget.ENTITY_KEY, TenantTokenBudget.VOICE_SPEND_KEY, TenantBotConfig.ENTITY_KEY, AgentQueue.ENTITY_KEY,
      PhoneDirectory.ENTITY_KEY);

  private final ActorSystem<Void> system;
  private final Database database;
  private final Optional<FailoverLlmClient> llm;
  private final ArchiveStore archive;
  private final HttpPort binding;
  private final ServerBinding management;
  private final ToolRegistry tools;
  private final Optional<VoiceCalls> voice;
  private final Optional<SipBridge> phone;
  private final Optional<OpenTelemetrySdk> telemetry;
  private final JdbcAuditLog auditLog;
  private final LanguageDetection languages;

  private ParleyNode(ActorSystem<Void> system, Database database, Optional<FailoverLlmClient> llm,
      ArchiveStore archive, HttpPort binding, ServerBinding management, ToolRegistry tools,
      Optional<VoiceCalls> voice, Optional<SipBridge> phone, Optional<OpenTelemetrySdk> telemetry,
      JdbcAuditLog auditLog, LanguageDetection languages) {
    this.auditLog = auditLog;
    this.languages = languages;
    this.system = system;
    this.database = database;
    this.llm = llm;
    this.archive = archive;
    this.binding = binding;
    this.management = management;
    this.tools = tools;
    this.voice = voice;
    this.phone = phone;
    this.telemetry = telemetry;
  }

  /**
   * Starts a node, tracing as the {@code OTEL_*} variables say (docs/tracing.md); fails with
   * {@code InvalidSettingException} when a setting is bad: before touching anything, except for
   * a number of shards other than the database's, found once the database is opened.
   */
  public static ParleyNode start(Config config) {
    Optional<OpenTelemetrySdk> sdk = NodeTelemetry.fromEnvironment();
    try {
      return start(config, sdk.<OpenTelemetry>map(owned -> owned).orElse(OpenTelemetry.noop()), sdk);
    } catch (RuntimeException e) {
      sdk.ifPresent(OpenTelemetrySdk::close);
      throw e;
    }
  }

  /** Starts a node whose spans go to {@code telemetry}, which the caller owns (a test's in-memory exporter). */
  public static ParleyNode start(Config config, OpenTelemetry telemetry) {
    return start(config, telemetry, Optional.empty());
  }

  private static ParleyNode start(Config config, OpenTelemetry telemetry, Optional<OpenTelemetrySdk> owned) {
    NodeConfiguration settings = NodeConfiguration.read(config);
    LanguageDetection languages = LanguageDetectionSettings.detection(config);
    NodeSettings node = settings.node();
    ClusterSettings cluster = settings.cluster();
    ArchiveStore archive = ArchiveStores.create(config);
    Database database = Database.open(settings.database());
    ActorSystem<Void> system = null;
    Optional<FailoverLlmClient> llm = Optional.empty();
    JdbcAuditLog auditLog = null;
    try {
      // Not beside the actor system's start: on a busy machine the first H2 connection then took
      // longer than the pool's connection timeout and the start failed.
      database.migrate();
      // Before the actor system: sharding reads the count once, as each entity type starts.
      int shards = ShardCount.settle(database.dataSource(), cluster.shards(), SHARDED.stream().map(EntityTypeKey::name).toList());
      // Each model unpacks its native libraries into the model cache as it first loads, not before
      // readiness (half a second of CPU on a new data directory, as every new container has), and
      // not anew into /tmp or the home directory in every JVM. The voice's models do the same.
      Path modelCache = node.localVoice().modelCacheDir();
      MiniLmEmbeddingModel embeddings = new MiniLmEmbeddingModel(() -> {
        OnnxRuntimeLibraries.unpackInto(modelCache);
        TokenizerLibraries.unpackInto(modelCache);
      });
      // Work that readiness does not need starts once the node is bound, so as not to compete
      // with the start for the CPU (two cores: loaded beside it, it delayed readiness as much).
      CompletableFuture<Void> bound = new CompletableFuture<>();
      Executor onceBound = task -> bound.thenRun(() -> onItsOwnThread(task));
      system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, ActorSystemSetup.create(
          BootstrapSetup.create(ClusterFormation.overlay(cluster, JournalConfig.overlay(settings.database())
              .withValue(ShardCount.PEKKO_SETTING, ConfigValueFactory.fromAnyRef(shards))
              .withFallback(config))),
          NodeReadiness.setup(database, node.readinessTimeout(), bound), NodeReadiness.startup(bound)));
      ObjectMapper json = json();
      CompletionStage<ServerBinding> management = ManagementServer.start(system, cluster, new ApiError(json), json, SHARDED);
      ClusterFormation.join(system, cluster, management);
      PrometheusRegistry registry = new PrometheusRegistry();
      auditLog = new JdbcAuditLog(database.dataSource(), new AuditMetrics(registry), JdbcAuditLog.DEFAULT_QUEUE_CAPACITY);
      // One breaker per external dependency, node-wide: each model provider, each remote tool.
      DependencyBreakers breakers =
          new DependencyBreakers(Adapter.toClassic(system).scheduler(), settings.breakers(), registry);
      Tracing tracing = Tracing.of(telemetry, Cluster.get(system).selfMember().address().hostPort());
      llm = node.llm().isEmpty() ? Optional.empty()
          : Optional.of(FailoverLlmClient.connect(node.llm(), node.llmClient(), breakers, registry, tracing));
      NodeStores stores = NodeStores.open(settings, database, embeddings, languages, onceBound);
      NodeStores.keyPhoneUsersOnceUp(system, database, stores.keys());
      NodeSessions sessions = NodeSessions.start(system, settings, database, stores, llm, archive, registry, breakers,
          tracing, auditLog, languages.loadOn(onceBound));
      TenantDirectory tenants = sessions.tenants();
      LOG.atLevel(tenants.defaultTenantIsOpen() ? Level.WARN : Level.INFO).log(tenants.defaultTenantOpenness());
      Edges edges = new Edges();
      ActorSystem<Void> draining = system;
      tenants.onDisabled(tenant -> edges.drainTenant(tenant, Edges.TENANT_DISABLED, draining));
      NodeVoice voice = NodeVoice.start(system, settings, sessions, edges, breakers, registry, tracing, auditLog,
          stores.keys());
      MainPort port = MainPort.assemble(system, settings, database, stores, sessions, voice, edges, llm, json, registry,
          tracing, auditLog);
      HttpPort binding = HttpPort.bind(system, node.httpHost(), node.httpPort(), port.routes().route(),
              port.socketMessageBytes(), node.portLimits())
          .toCompletableFuture().join();
      ServerBinding managementBinding = management.toCompletableFuture().join();
      GracefulShutdown.register(system, binding, managementBinding, port.chat().edges(), auditLog);
      // The knowledge base, memory and answer cache need the model (about half a second to load),
      // chat does not; their first use waits for it if it comes sooner. The speech engines take a
      // second or two (unpacking the speech model on a new data directory).
      embeddings.loadInBackground();
      voice.calls().filter(calls -> node.voiceWarmUp()).ifPresent(VoiceCalls::ready);
      bound.complete(null);
      LOG.info("Parley node listening on http://{}:{} (mode {}, archive {}), cluster management on port {}",
          node.httpHost(), binding.localAddress().getPort(), node.mode(), archive.location(),
          managementBinding.localAddress().getPort());
      LOG.info("Identity: {}", settings.identities().summary());
      LOG.info(node.heapReturn().apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)));
      OutboundAddressPolicy outboundPolicy = settings.outboundPolicy();
      LOG.info("Outbound: public addresses{}", outboundPolicy.allowed().isEmpty() ? " only"
          : " and " + outboundPolicy.allowed() + " (" + OutboundAddressPolicy.SETTING + ")");
      return new ParleyNode(system, database, llm, archive, binding, managementBinding, stores.tools().registry(),
          voice.calls(), voice.phone(), owned, auditLog, languages);
    } catch (RuntimeException e) {
      // Whatever started must stop, or a half-started node keeps the JVM alive.
      if (system != null) system.terminate();
      if (auditLog != null) auditLog.close();
      llm.ifPresent(FailoverLlmClient::close);
      closeArchive(archive);
      database.close();
      throw e;
    }
  }

  private static void onItsOwnThread(Runnable task) {
    Thread thread = new Thread(task, "parley-kb-seed");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeArchive(ArchiveStore archive) {
    if (archive instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("archive store did not close cleanly", e);
      }
    }
  }

  private static ObjectMapper json() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public int managementPort() {
    return management.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Completes when the node's language detection has loaded its models (never, with detection off). */
  public CompletionStage<Void> languageDetectionLoaded() {
    return languages.loaded();
  }

  /** The tools this node offers the model (kb_search, create_ticket, fetch_status). */
  public ToolRegistry tools() {
    return tools;
  }

  @Override
  public void close() {
    // The coordinated shutdown of terminate drains the calls first (GracefulShutdown); SIP stops after.
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("actor system did not terminate cleanly", e);
    }
    phone.ifPresent(SipBridge::close);
    // Already closed by the coordinated shutdown of terminate; again in case the system was gone before.
    auditLog.close();
    llm.ifPresent(FailoverLlmClient::close);
    voice.ifPresent(VoiceCalls::close);
    closeArchive(archive);
    database.close();
    // Last: the spans of everything above are flushed to the exporter.
    telemetry.ifPresent(OpenTelemetrySdk::close);
  }
}
