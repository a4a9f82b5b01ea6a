package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.NodeLimits;
import io.parley.core.cache.AnswerCache;
import io.parley.core.call.CallRouting;
import io.parley.core.config.SettingsReader;
import io.parley.core.identity.ApiKeyStore;
import io.parley.core.identity.Authenticator;
import io.parley.core.identity.IdentitySettings;
import io.parley.core.identity.ProviderFetchSettings;
import io.parley.core.identity.ProviderKeys;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantStore;
import io.parley.core.identity.TokenVerifier;
import io.parley.core.limits.TenantMessageRate;
import io.parley.core.llm.LlmClient;
import io.parley.core.memory.UserMemory;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.session.MessageRules;
import io.parley.core.trace.Tracing;
import io.parley.frontdoor.HttpPort;
import io.parley.http.agent.AgentSocket;
import io.parley.http.auth.Audit;
import io.parley.http.auth.AuditMetrics;
import io.parley.http.auth.BrowserOrigins;
import io.parley.http.auth.Callers;
import io.parley.http.auth.ProviderMetrics;
import io.parley.http.chat.ChatNode;
import io.parley.http.chat.ChatSocket;
import io.parley.http.chat.FrameCodec;
import io.parley.http.cluster.ClusterFormation;
import io.parley.http.cluster.ClusterSettings;
import io.parley.http.cluster.ManagementServer;
import io.parley.http.cluster.OpsToken;
import io.parley.http.cluster.TenantSync;
import io.parley.http.mcp.McpRoutes;
import io.parley.http.rest.AnswerCacheRoutes;
import io.parley.http.rest.ApiError;
import io.parley.http.rest.AuditRoutes;
import io.parley.http.rest.CallRoutes;
import io.parley.http.rest.ClusterAsks;
import io.parley.http.rest.ConfigRoutes;
import io.parley.http.rest.InstallRoutes;
import io.parley.http.rest.ConversationRoutes;
import io.parley.http.rest.JsonBodies;
import io.parley.http.rest.KeyRoutes;
import io.parley.http.rest.SessionRoutes;
import io.parley.http.rest.StaffReads;
import io.parley.http.rest.StaffSignInRoutes;
import io.parley.http.rest.TenantRoutes;
import io.parley.http.rest.ToolRoutes;
import io.parley.http.rest.UserDataRoutes;
import io.parley.http.rest.UserMemoryRoutes;
import io.parley.http.rest.WebhookRoutes;
import io.parley.http.rest.WidgetRoutes;
import io.parley.http.rest.WorkflowRoutes;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.JournalConfig;
import io.parley.persistence.ShardCount;
import io.parley.persistence.archive.ArchiveStores;
import io.parley.persistence.audit.JdbcAuditLog;
import io.parley.persistence.cache.AnswerCacheSettings;
import io.parley.persistence.cache.JdbcAnswerCache;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.embedding.TokenizerLibraries;
import io.parley.persistence.keys.JdbcApiKeys;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.keys.RootKeySettings;
import io.parley.persistence.memory.JdbcUserMemory;
import io.parley.persistence.tenants.JdbcTenants;
import io.parley.persistence.webhooks.JdbcWebhookDeliveries;
import io.parley.sessions.Edges;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.admission.TenantBudgetSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.PhoneDirectory;
import io.parley.sessions.bot.PhoneNumbers;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.sessions.conversations.CachedSubscriptions;
import io.parley.sessions.conversations.ConversationProjection;
import io.parley.sessions.conversations.ConversationSettings;
import io.parley.sessions.conversations.OutboxDelivery;
import io.parley.sessions.conversations.OutboxSettings;
import io.parley.sessions.conversations.SubscribedEvents;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.erasure.RetentionSettings;
import io.parley.sessions.erasure.RetentionSweep;
import io.parley.sessions.erasure.UserErasure;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.handoff.UnstaffedTickets;
import io.parley.sessions.resilience.BreakerGuardedTool;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.sessions.resilience.FailoverLlmClient;
import io.parley.sessions.resilience.ModelCallLimit;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.TurnPrompts;
import io.parley.sessions.workflow.AgentRequests;
import io.parley.sessions.workflow.BudgetAlertWorkflow;
import io.parley.sessions.workflow.ConfiguredWebhookUrls;
import io.parley.sessions.workflow.EscalateTool;
import io.parley.sessions.workflow.EscalationWorkflow;
import io.parley.sessions.workflow.LeadQualifiedWorkflow;
import io.parley.sessions.workflow.Notices;
import io.parley.sessions.workflow.SealedInput;
import io.parley.sessions.workflow.Webhooks;
import io.parley.sessions.workflow.Workflow;
import io.parley.sessions.workflow.Workflows;
import io.parley.tools.BuiltInTools;
import io.parley.tools.TenantTools;
import io.parley.tools.Tool;
import io.parley.tools.ToolRegistry;
import io.parley.tools.ToolSettings;
import io.parley.tools.mcp.McpServers;
import io.parley.tools.remote.RemoteTools;
import io.parley.tools.tenant.ConfiguredTenantTools;
import io.parley.tools.tenant.TenantToolCheck;
import io.parley.voice.PremiumVoiceBudget;
import io.parley.voice.VoiceCalls;
import io.parley.voice.VoiceSettings;
import io.parley.voice.local.OnnxRuntimeLibraries;
import io.parley.voice.local.VoskLibraries;
import io.parley.voice.phone.CallDirectory;
import io.parley.voice.phone.CallRegistry;
import io.parley.voice.phone.SipBridge;
import io.parley.voice.phone.SipSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

// Over 450 lines: the node's one place of assembly, where each part is made from its settings in start-up order.
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

  /** The provider conversations answered offline are priced at (nothing, unless its price is configured). */
  private static final String OFFLINE_PROVIDER = "offline";

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

  private ParleyNode(ActorSystem<Void> system, Database database, Optional<FailoverLlmClient> llm,
      ArchiveStore archive, HttpPort binding, ServerBinding management, ToolRegistry tools,
      Optional<VoiceCalls> voice, Optional<SipBridge> phone, Optional<OpenTelemetrySdk> telemetry,
      JdbcAuditLog auditLog) {
    this.auditLog = auditLog;
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
    NodeSettings node = NodeSettings.create(config);
    IdentitySettings identities = IdentitySettings.create(config, node.defaultTenant());
    ProviderFetchSettings providerReads = ProviderFetchSettings.create(config);
    Duration tenantsReload = new SettingsReader(config).duration("parley.identity.reload-interval",
        "PARLEY_TENANTS_RELOAD_INTERVAL");
    ClusterSettings cluster = ClusterSettings.create(config);
    SessionSettings sessionSettings = SessionSettings.create(config);
    BreakerSettings breakerSettings = BreakerSettings.create(config);
    TenantBudgetSettings budgetSettings = TenantBudgetSettings.create(config);
    DatabaseSettings databaseSettings = DatabaseSettings.create(config);
    ToolSettings toolSettings = ToolSettings.create(config);
    VoiceSettings voiceSettings = VoiceSettings.create(config);
    SipSettings sipSettings = SipSettings.create(config);
    TurnPrompts prompts = TurnPrompts.create(sessionSettings);
    AnswerCacheSettings cacheSettings = AnswerCacheSettings.create(config);
    ArchiveStore archive = ArchiveStores.create(config);
    Optional<SecretKey> rootKey = RootKeySettings.create(config);
    RetentionSettings retention = RetentionSettings.create(config);
    ConversationSettings conversationSettings = ConversationSettings.create(config);
    OutboundAddressPolicy outboundPolicy = OutboundSettings.policy(config);

    Database database = Database.open(databaseSettings);
    ActorSystem<Void> system = null;
    Optional<FailoverLlmClient> llm = Optional.empty();
    JdbcAuditLog auditLog = null;
    try {
      // Not beside the actor system's start: on a busy machine the first H2 connection then took
      // longer than the pool's connection timeout and the start failed.
      database.migrate();
      // Before the actor system: sharding reads the count once, as each entity type starts.
      int shards = ShardCount.settle(database.dataSource(), cluster.shards(), SHARDED.stream().map(EntityTypeKey::name).toList());
      // Before the models load: their native libraries would otherwise be unpacked again in every
      // JVM, into /tmp or the home directory.
      OnnxRuntimeLibraries.unpackInto(node.localVoice().modelCacheDir());
      VoskLibraries.unpackInto(node.localVoice().modelCacheDir());
      TokenizerLibraries.unpackInto(node.localVoice().modelCacheDir());
      MiniLmEmbeddingModel embeddings = new MiniLmEmbeddingModel();
      // Work that readiness does not need starts once the node is bound, so as not to compete
      // with the start for the CPU (two cores: loaded beside it, it delayed readiness as much).
      CompletableFuture<Void> bound = new CompletableFuture<>();
      Executor onceBound = task -> bound.thenRun(() -> onItsOwnThread(task));
      system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, ActorSystemSetup.create(
          BootstrapSetup.create(ClusterFormation.overlay(cluster, JournalConfig.overlay(databaseSettings)
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
          new DependencyBreakers(Adapter.toClassic(system).scheduler(), breakerSettings, registry);
      Tracing tracing = Tracing.of(telemetry, Cluster.get(system).selfMember().address().hostPort());
      llm = node.llm().isEmpty() ? Optional.empty()
          : Optional.of(FailoverLlmClient.connect(node.llm(), node.llmClient(), breakers, registry, tracing));
      UserMemory memory = new JdbcUserMemory(database.dataSource(), embeddings);
      AnswerCache answerCache = cacheSettings.enabled()
          ? new JdbcAnswerCache(database.dataSource(), embeddings, cacheSettings, Clock.systemUTC())
          : AnswerCache.off();
      // Not on a shared pool: searches wait for the sample articles, so they must never queue behind searches.
      BuiltInTools tools = BuiltInTools.start(database.dataSource(), embeddings, toolSettings, onceBound);
      JdbcDataKeys keys = JdbcDataKeys.open(database.dataSource(), rootKey, Clock.systemUTC());
      Served served = serve(system, node, identities, providerReads, sessionSettings, budgetSettings, prompts, database, llm, json, archive,
          memory, keys, retention, conversationSettings, answerCache, registry, tools, toolSettings, breakers,
          voiceSettings, sipSettings, cluster.opsToken(), tracing, auditLog, tenantsReload, outboundPolicy);
      HttpPort binding = HttpPort.bind(system, node.httpHost(), node.httpPort(), served.routes().route(),
              served.socketMessageBytes(), node.portLimits())
          .toCompletableFuture().join();
      ServerBinding managementBinding = management.toCompletableFuture().join();
      GracefulShutdown.register(system, binding, managementBinding, served.chat().edges(), auditLog);
      // The knowledge base, memory and answer cache need the model (about half a second to load),
      // chat does not; their first use waits for it if it comes sooner. The speech engines take a
      // second or two (unpacking the speech model on a new data directory).
      embeddings.loadInBackground();
      served.voice().filter(calls -> node.voiceWarmUp()).ifPresent(VoiceCalls::ready);
      bound.complete(null);
      LOG.info("Parley node listening on http://{}:{} (mode {}, archive {}), cluster management on port {}",
          node.httpHost(), binding.localAddress().getPort(), node.mode(), archive.location(),
          managementBinding.localAddress().getPort());
      LOG.info("Identity: {}", identities.summary());
      LOG.info("Outbound: public addresses{}", outboundPolicy.allowed().isEmpty() ? " only"
          : " and " + outboundPolicy.allowed() + " (" + OutboundAddressPolicy.SETTING + ")");
      return new ParleyNode(system, database, llm, archive, binding, managementBinding, tools.registry(), served.voice(),
          served.phone(), owned, auditLog);
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

  /** The chat edge (its connections are closed on shutdown) and every route of the main port. */
  private record Served(ChatNode chat, ParleyRoutes routes, int socketMessageBytes, Optional<VoiceCalls> voice,
      Optional<SipBridge> phone) {}

  private static Served serve(ActorSystem<Void> system, NodeSettings node, IdentitySettings identities,
      ProviderFetchSettings providerReads, SessionSettings sessionSettings,
      TenantBudgetSettings budgetSettings, TurnPrompts prompts, Database database, Optional<FailoverLlmClient> llm,
      ObjectMapper json, ArchiveStore archive, UserMemory memory, JdbcDataKeys keys, RetentionSettings retention,
      ConversationSettings conversationSettings,
      AnswerCache answerCache,
      PrometheusRegistry registry,
      BuiltInTools tools,
      ToolSettings toolSettings, DependencyBreakers breakers, VoiceSettings voiceSettings, SipSettings sip,
      Optional<OpsToken> opsToken, Tracing tracing, JdbcAuditLog auditLog, Duration tenantsReload,
      OutboundAddressPolicy outboundPolicy) {
    OutboundHttp outbound = new OutboundHttp(outboundPolicy);
    // The escalate tool reaches workflows through sharding; the entity type is registered below,
    // once the sessions its notices go to exist.
    Workflows workflows = new Workflows(system);
    List<Tool> offered = new ArrayList<>(tools.registry().tools());
    SealedInput sealedInput = new SealedInput(keys);
    offered.add(new EscalateTool(workflows, sealedInput, Clock.systemUTC()));
    // Remote tools last, each behind its own breaker; none may take the name of one of the node's own.
    RemoteTools.connect(toolSettings.remoteTools(), offered.stream().map(tool -> tool.definition().name()).toList(),
            outbound, toolSettings.resultLimit())
        .forEach(remote -> offered.add(new BreakerGuardedTool(remote, breakers)));
    ToolRegistry registryWithWorkflows = ToolRegistry.of(offered);
    // The tenants' own tools (docs/tools.md#a-tenants-own-tools), each tenant's behind breakers of its own.
    McpServers mcpServers = new McpServers(outbound, keys, McpServers.answerBytes(toolSettings.resultLimit()),
        Clock.systemUTC());
    system.getWhenTerminated().thenRun(mcpServers::close);
    TenantTools tenantTools = new ConfiguredTenantTools(registryWithWorkflows, outbound, keys, mcpServers,
        toolSettings.resultLimit(), (tool, dependency) -> new BreakerGuardedTool(tool, breakers, dependency));
    TenantToolCheck toolCheck = new TenantToolCheck(outboundPolicy, mcpServers, Set.copyOf(registryWithWorkflows.names()));
    // A starting session waits this long at most for its tenant's configuration, then uses the node's.
    BotConfigs.Sharded botConfigs = BotConfigs.init(system, Clock.systemUTC(), Duration.ofSeconds(2));
    PhoneNumbers phoneNumbers = PhoneNumbers.init(system, botConfigs, new CallRouting(sip.numbers(), node.defaultTenant()),
        node.askTimeout());
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    TenantDirectory tenants = new TenantDirectory(identities);
    ProviderKeys providerKeys = ProviderKeys.overHttp(outbound, providerReads, new ProviderMetrics(registry), Clock.systemUTC());
    // From the first reload on, before the port opens: the tenants' first tokens find their keys.
    tenants.onReloaded(providerKeys::prefetch);
    SessionServices services = new SessionServices(
        new Answering(llm.<LlmClient>map(client -> new ModelCallLimit(client, node.llmMaxConcurrentCalls(), registry)),
            prompts, OfflineResponder.fromResource(OfflineResponder.DEFAULT_RESOURCE), memory, answerCache, tenantTools,
            sessionSettings, new SessionMetrics(registry, tenants::serves), tracing, Clock.systemUTC()),
        archive,
        TenantBudgets.init(system, budgetSettings, sessionSettings.snapshotEvery(), botConfigs,
            BudgetAlertWorkflow.alerts(BudgetAlertWorkflow.TOKENS, workflows, node.askTimeout()), Clock.systemUTC()),
        new TenantMessageRate(sessionSettings.tenantMessagesPerMinute()),
        botConfigs,
        LeadQualifiedWorkflow.alerts(workflows, node.askTimeout()),
        UnstaffedTickets.of(tools.tickets(), blocking));
    // What the sessions seal, kept a moment for the node's own slices to fold.
    FreshEvents fresh = conversationSettings.projected() ? FreshEvents.of(FreshEvents.NODE_SLOTS) : FreshEvents.none();
    ChatSessions sessions = ChatSessions.init(system, services, keys, fresh);
    JdbcConversations conversations = new JdbcConversations(database.dataSource());
    if (conversationSettings.projected()) {
      ConversationProjection.start(system, database.dataSource(), keys, fresh, conversationSettings,
          conversationSettings.pricesWith(llm.map(client -> client.providerNames().get(0)).orElse(OFFLINE_PROVIDER)),
          registry, new CachedSubscriptions(SubscribedEvents.of(botConfigs), CachedSubscriptions.REFRESH_EVERY,
              Clock.systemUTC()),
          Clock.systemUTC());
    }
    UserErasure erasure = new UserErasure(sessions, keys, archive, memory, tools.tickets(), conversations,
        node.askTimeout(), blocking);
    TenantStore tenantStore = new JdbcTenants(database.dataSource());
    // Before the port opens: a node serves the stored tenants from its first request.
    tenants.reload(tenantStore);
    LOG.atLevel(tenants.defaultTenantIsOpen() ? Level.WARN : Level.INFO).log(tenants.defaultTenantOpenness());
    TenantSync tenantSync = TenantSync.start(system, tenants, tenantStore, blocking, tenantsReload);
    RetentionSweep.start(system, retention, tenants::apiRetentionDays, keys, erasure, auditLog, Clock.systemUTC());
    Webhooks webhooks = Webhooks.create(system.settings().config(), new ConfiguredWebhookUrls(botConfigs), outbound);
    JdbcWebhookDeliveries webhookDeliveries = new JdbcWebhookDeliveries(database.dataSource());
    OutboxDelivery.start(system, webhookDeliveries, webhooks, OutboxSettings.from(system.settings().config()),
        Clock.systemUTC());
    Workflows.init(system, List.of(
        EscalationWorkflow.definition(tools.tickets(), sealedInput, webhooks, Notices.of(sessions, node.askTimeout()),
            AgentRequests.of(sessions, node.askTimeout()), sessionSettings.retryBackoff()),
        LeadQualifiedWorkflow.definition(webhooks, sessionSettings.retryBackoff()),
        BudgetAlertWorkflow.definition(BudgetAlertWorkflow.VOICE, webhooks, sessionSettings.retryBackoff()),
        BudgetAlertWorkflow.definition(BudgetAlertWorkflow.TOKENS, webhooks, sessionSettings.retryBackoff())),
        services.metrics(), Clock.systemUTC());

    ApiError errors = new ApiError(json);
    JsonBodies bodies = new JsonBodies(json, errors);
    ApiKeyStore apiKeys = new JdbcApiKeys(database.dataSource());
    Audit audit = new Audit(auditLog, Clock.systemUTC());
    StaffAccess staff = StaffAccess.start(system.settings().config(), database.dataSource(), blocking, node.httpHost(),
        node.httpPort());
    Callers callers = new Callers(new Authenticator(tenants, new TokenVerifier(tenants, providerKeys, Clock.systemUTC()), apiKeys,
        staff.sessions(), Clock.systemUTC()), errors, node.clientAddressHeader(), blocking, audit);
    MessageRules rules = new MessageRules(node.maxTextBytes());
    Optional<VoiceCalls> voice = voiceSettings.enabled()
        ? Optional.of(VoiceCalls.create(voiceSettings, node.localVoice(), breakers, registry,
            system.dispatchers().lookup(DispatcherSelector.blocking()), node.askTimeout(),
            PremiumVoiceBudget.init(system, sessionSettings.snapshotEvery(),
                BudgetAlertWorkflow.alerts(BudgetAlertWorkflow.VOICE, workflows, node.askTimeout()), Clock.systemUTC(),
                voiceSettings.stt().budgetCharactersPerSecond())))
        : Optional.empty();
    Edges edges = new Edges();
    tenants.onDisabled(tenant -> edges.drainTenant(tenant, Edges.TENANT_DISABLED, system));
    Optional<SipBridge> phone = voice.filter(calls -> sip.enabled()).map(calls -> {
      CallRegistry callRegistry = new CallRegistry(registry, Clock.systemUTC());
      // GET /v1/calls and /cluster/calls find this node's calls through it, from any node.
      system.systemActorOf(CallDirectory.create(callRegistry), "phone-calls", Props.empty());
      return SipBridge.start(sip, system, sessions, calls, node.askTimeout(), edges, callRegistry,
          registry, phoneNumbers, tenants);
    });
    ChatNode chat = ChatNode.create(sessions, node.mode(), node.askTimeout(), node.startTimeout(), edges, voice,
        registry, tracing, node.sessionStarts(), audit);
    Executor replies = system.executionContext();
    ClusterAsks asks = new ClusterAsks(bodies, errors, node.askTimeout(), replies);
    NodeReadiness readiness = new NodeReadiness(Adapter.toClassic(system), database, node.readinessTimeout());
    FrameCodec frames = new FrameCodec(json, rules);
    SessionRoutes sessionRoutes = new SessionRoutes(sessions, bodies, errors, callers, rules, node.askTimeout(),
        sessionSettings.turnTimeout().plus(node.askTimeout()), replies, tracing, node.sessionStarts());
    ConversationRoutes conversationRoutes = new ConversationRoutes(conversations, sessionRoutes, json, callers, blocking);
    ToolRoutes toolRoutes = new ToolRoutes(tools, json, callers, blocking);
    BrowserOrigins origins = new BrowserOrigins(node.allowedOrigins(), tenants, callers::publishableTenant);
    ParleyRoutes routes = new ParleyRoutes(
        new ChatSocket(system, frames, chat),
        new AgentSocket(system, json, rules, chat, sessionSettings.maxConversationsPerAgent()),
        sessionRoutes,
        conversationRoutes,
        new OperationsRoutes(readiness, node.mode(), OperationsRoutes.managedChecks(system), registry, json,
            opsToken),
        new UserMemoryRoutes(memory, json, callers, system.dispatchers().lookup(DispatcherSelector.blocking())),
        new UserDataRoutes(erasure, json, callers, blocking),
        toolRoutes,
        new WorkflowRoutes(workflows, asks, callers),
        new ConfigRoutes(botConfigs, bodies, errors, callers, node.askTimeout(), replies,
            new BotConfigDocument.Node(Set.copyOf(registryWithWorkflows.names()), sessionSettings.answerMaxTokens(),
                Set.copyOf(llm.map(FailoverLlmClient::providerNames).orElse(List.of())),
                new NodeLimits(sessionSettings.contextTokens(), (int) sessionSettings.sessionTokenBudget(),
                    sessionSettings.messagesPerMinute(), sessionSettings.tenantMessagesPerMinute(),
                    prompts::leastContextTokens)), phoneNumbers, keys, toolCheck, blocking),
        new AnswerCacheRoutes(answerCache, json, callers,
            system.dispatchers().lookup(DispatcherSelector.blocking())),
        new KeyRoutes(apiKeys, json, callers, blocking, Clock.systemUTC()),
        new AuditRoutes(auditLog, json, callers, blocking),
        new WebhookRoutes(webhookDeliveries, json, callers, blocking, Clock.systemUTC()),
        new CallRoutes(system, asks, callers),
        new TenantRoutes(tenants, tenantStore, tenantSync, opsToken, callers, auditLog, json, blocking,
            Clock.systemUTC()),
        new WidgetRoutes(botConfigs, bodies, errors, callers, tenants::serves, voice.isPresent(), node.askTimeout()),
        new InstallRoutes(tenants, origins, node.allowedOrigins(), outbound, bodies, errors, callers, blocking),
        new StaffSignInRoutes(tenants, json, errors, providerKeys),
        staff.route(tenants, tenantStore, tenantSync, callers, json),
        McpRoutes.of(new StaffReads(conversationRoutes, toolRoutes), callers, origins, Materializer.matFromSystem(system)),
        callers,
        errors,
        origins,
        node.connections(),
        tracing);
    return new Served(chat, routes, ChatSocket.maxMessageBytes(frames), voice, phone);
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
