package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.NodeLimits;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.UsageLimits;
import io.parley.core.compute.CpuWork;
import io.parley.core.identity.Authenticator;
import io.parley.core.identity.TokenVerifier;
import io.parley.core.language.LanguageChoice;
import io.parley.core.limits.UploadLimits;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.OpenAiCompatibleClient;
import io.parley.core.session.MessageRules;
import io.parley.core.trace.Tracing;
import io.parley.http.agent.AgentSocket;
import io.parley.http.a2a.A2aConversation;
import io.parley.http.a2a.A2aRoutes;
import io.parley.http.auth.Audit;
import io.parley.http.auth.BrowserOrigins;
import io.parley.http.auth.Callers;
import io.parley.http.campaign.CampaignRoutes;
import io.parley.http.campaign.CampaignSettings;
import io.parley.http.campaign.Campaigns;
import io.parley.http.chat.AgentPictureIndex;
import io.parley.http.chat.ChatNode;
import io.parley.http.chat.ChatSocket;
import io.parley.http.chat.FrameCodec;
import io.parley.http.cluster.MembersUp;
import io.parley.http.mcp.McpRoutes;
import io.parley.http.rest.ApiError;
import io.parley.http.rest.AttachmentRoutes;
import io.parley.http.rest.CallRoutes;
import io.parley.http.rest.ClusterAsks;
import io.parley.http.rest.InstallRoutes;
import io.parley.http.rest.JsonBodies;
import io.parley.http.rest.KeyRoutes;
import io.parley.http.rest.AttachmentMetrics;
import io.parley.http.rest.AttachmentRoutes;
import io.parley.http.rest.UploadAdmission;
import io.parley.http.rest.SessionRoutes;
import io.parley.http.rest.WidgetRoutes;
import io.parley.http.rest.call.CallPlacing;
import io.parley.http.rest.call.OutboundCallRoutes;
import io.parley.http.rest.config.AnswerCacheRoutes;
import io.parley.http.rest.config.ConfigRoutes;
import io.parley.http.rest.config.EvaluationRoutes;
import io.parley.http.rest.config.ExperimentRoutes;
import io.parley.http.rest.config.TenantToolRoutes;
import io.parley.http.rest.config.ToolRoutes;
import io.parley.http.rest.config.WebhookRoutes;
import io.parley.http.rest.config.WorkflowRoutes;
import io.parley.http.rest.conversation.ConversationRoutes;
import io.parley.http.rest.staff.AgentDeskRoutes;
import io.parley.http.rest.staff.AgentPictureRoutes;
import io.parley.http.rest.staff.AuditRoutes;
import io.parley.http.rest.staff.StaffReads;
import io.parley.http.rest.staff.StaffSignInRoutes;
import io.parley.http.rest.tenant.TenantRoutes;
import io.parley.http.rest.tenant.UserDataRoutes;
import io.parley.http.rest.tenant.UserMemoryRoutes;
import io.parley.persistence.Database;
import io.parley.persistence.archive.JdbcStoredBytes;
import io.parley.persistence.calls.JdbcOutboundCalls;
import io.parley.persistence.campaigns.DoNotCallList;
import io.parley.persistence.audit.JdbcAuditLog;
import io.parley.persistence.conversations.ExperimentConversations;
import io.parley.sessions.ClusterReleases;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.evaluation.EvaluationSettings;
import io.parley.sessions.evaluation.Evaluations;
import io.parley.sessions.resilience.BreakerGuardedTool;
import io.parley.sessions.resilience.FailoverLlmClient;
import io.parley.core.language.LanguageTag;
import io.parley.http.cluster.AdminChanges;
import io.parley.http.rest.analytics.KnowledgeSourceMetrics;
import io.parley.http.rest.analytics.SourceProgressNotices;
import io.parley.http.rest.staff.AdminChangeRoutes;
import io.parley.tools.kb.files.FileBounds;
import io.parley.tools.kb.files.FileImport;
import io.parley.tools.kb.sources.KnowledgeSources;
import io.parley.tools.kb.sources.SourceSettings;
import io.parley.tools.kb.sources.SourceTenants;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.Materializer;

/**
 * What the node's main port serves: every route, and the chat edge whose connections are closed
 * on shutdown. Each route answers only to the callers it allows ({@link Callers}).
 */
record MainPort(ChatNode chat, ParleyRoutes routes, int socketMessageBytes) {

  static MainPort assemble(ActorSystem<Void> system, NodeConfiguration settings, Database database,
      NodeStores stores, NodeSessions sessions, NodeVoice voice, Edges edges, Optional<FailoverLlmClient> llm,
      ObjectMapper json, PrometheusRegistry registry, Tracing tracing, JdbcAuditLog auditLog) {
    NodeSettings node = settings.node();
    SessionSettings sessionSettings = settings.sessions();
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    CpuWork cpu = sessions.cpu();
    ApiError errors = new ApiError(json);
    JsonBodies bodies = new JsonBodies(json, errors);
    Audit audit = new Audit(auditLog, Clock.systemUTC());
    StaffAccess staff = StaffAccess.start(system.settings().config(), database.dataSource(), blocking, new MembersUp(system),
        node.httpHost(), node.httpPort());
    Callers callers = new Callers(new Authenticator(sessions.tenants(),
        new TokenVerifier(sessions.tenants(), sessions.providerKeys(), Clock.systemUTC()), stores.apiKeys(),
        staff.sessions(), Clock.systemUTC()), errors, node.clientAddressHeader(), blocking, audit);
    MessageRules rules = new MessageRules(node.maxTextBytes());
    AgentPictureIndex pictures = new AgentPictureIndex(stores.agentPictures(), blocking, Clock.systemUTC());
    ChatNode chat = ChatNode.create(sessions.sessions(), node.mode(), node.askTimeout(), node.startTimeout(), edges,
        voice.calls(), registry, tracing, node.sessionStarts(), audit, pictures);
    Executor replies = system.executionContext();
    ClusterAsks asks = new ClusterAsks(bodies, errors, node.askTimeout(), replies);
    NodeReadiness readiness = new NodeReadiness(Adapter.toClassic(system), database, node.readinessTimeout());
    FrameCodec frames = new FrameCodec(json, rules);
    SessionRoutes sessionRoutes = new SessionRoutes(sessions.sessions(), bodies, errors, callers, rules,
        node.askTimeout(), sessionSettings.turnTimeout().plus(node.askTimeout()), replies, tracing,
        node.sessionStarts());
    OfferedTools offered = sessions.tools();
    BotConfigDocument.Node bounds = nodeBounds(settings, sessions, llm);
    Function<String, Optional<LanguageTag>> tenantLanguages = tenant -> LanguageChoice.tenantLanguage(
        sessions.botConfigs().current(tenant).toCompletableFuture().join().map(PinnedBotConfig::config));
    SourceSettings sourceSettings = SourceSettings.from(system.settings().config());
    Function<String, UsageLimits> tenantLimits = tenant -> sessions.botConfigs().current(tenant).toCompletableFuture().join()
        .flatMap(pinned -> pinned.config().limits()).orElseGet(UsageLimits::none);
    FileBounds fileBounds = FileBounds.from(system.settings().config());
    CpuWork filePool = CpuWork.start("parley-kb-files", CpuWork.threads(fileBounds.threads()));
    system.getWhenTerminated().thenRun(filePool::close);
    FileImport files = new FileImport(stores.tools().knowledgeBase(), filePool, fileBounds, System::nanoTime);
    AdminChanges adminChanges = sessions.adminChanges();
    KnowledgeSources sources = new KnowledgeSources(database.dataSource(), stores.tools().knowledgeBase(),
        sessions.outbound(), cpu, sourceSettings, Clock.systemUTC(), new SourceTenants(tenantLanguages, tenantLimits),
        new SourceProgressNotices(new KnowledgeSourceMetrics(registry), adminChanges), files)
        .start();
    system.getWhenTerminated().thenRun(sources::close);
    ToolRoutes toolRoutes = new ToolRoutes(stores.tools(), sessions.ticketReplies(), stores.agentProfiles(), json, callers, blocking, cpu,
        new TenantToolRoutes(
        sessions.botConfigs(), new TenantToolRoutes.Tools(offered.tenants(), offered.operatorTools(), offered.trial(),
            offered.counts(), breaker -> offered.breakers().state(breaker).label(), BreakerGuardedTool::dependency),
        bounds, stores.keys(), bodies, errors, callers, node.askTimeout(), blocking),
        tenantLanguages, sources, sourceSettings, files);
    BrowserOrigins origins = new BrowserOrigins(node.allowedOrigins(), sessions.tenants(), callers::publishableTenant);
    Evaluations evaluations = Evaluations.start(system, database.dataSource(), sessions.sessions(), sessions.services(),
        sessions.botConfigs(),
        evaluationModel(system, node), sessions.services().answering().llm(), sessionSettings.redactPrompts(),
        EvaluationSettings.create(system.settings().config()), cpu, json, node.askTimeout(), Clock.systemUTC());
    JdbcOutboundCalls outboundCalls = new JdbcOutboundCalls(database.dataSource());
    CallPlacing placing = new CallPlacing(new CallPlacing.Means(outboundCalls, voice.phone(), voice.calls(),
        sessions.botConfigs(), stores.keys(), settings.outboundPolicy(), sessions.workflows(),
        new DoNotCallList(database.dataSource(), stores.keys()), Cluster.get(system).selfMember().address().toString(),
        node.askTimeout(), sessions.costs()), blocking, Clock.systemUTC());
    Campaigns campaigns = Campaigns.start(database.dataSource(), placing, CampaignSettings.from(system.settings().config()),
        registry, auditLog, Clock.systemUTC());
    // First of a stopping node's work: no lead is dialled once its unanswered calls are being cancelled.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "parley-campaigns-stop",
        () -> CompletableFuture.runAsync(campaigns.dialler()::close, blocking).thenApply(stopped -> Done.getInstance()));
    ConversationRoutes conversationRoutes = new ConversationRoutes(stores.conversations(), stores.gaps(),
        stores.tools().knowledgeBase(), sessionRoutes, json, callers, blocking, sessionSettings.redactArchive(),
        evaluations.conversationCases(), sessions.failures(), sessions.sessions(), outboundCalls, stores.tools().tickets(),
        sessions.recordings(), sessions.costs());
    ConfigRoutes config = new ConfigRoutes(sessions.botConfigs(), asks, callers, bounds, sessions.phoneNumbers(),
        stores.keys(), offered.check(), evaluations.gate(), blocking);
    ApiRoutes api = new ApiRoutes(
        new StaffSignInRoutes(sessions.tenants(), json, errors, sessions.providerKeys()),
        staff.route(sessions.tenants(), stores.tenants(), sessions.tenantSync(), stores.agentProfiles(), callers, json),
        sessionRoutes,
        attachmentRoutes(system, database, sessions, registry, bodies, errors, callers, blocking, node),
        conversationRoutes,
        new AgentDeskRoutes(stores.agentProfiles(), new AgentPictureRoutes(stores.agentPictures(), pictures, callers, json,
            cpu, blocking, Clock.systemUTC()), stores.savedReplies(), stores.notes(), sessionRoutes, callers, json,
            blocking, Clock.systemUTC()),
        new UserMemoryRoutes(stores.memory(), json, callers, blocking),
        new UserDataRoutes(sessions.erasure(), json, callers, blocking),
        toolRoutes,
        new WorkflowRoutes(sessions.workflows(), asks, callers),
        config,
        new ExperimentRoutes(sessions.botConfigs(), asks, callers, new ExperimentConversations(database.dataSource()),
            evaluations.gate(), sessions.phoneNumbers(), config, blocking),
        new AnswerCacheRoutes(stores.answerCache(), json, callers, blocking),
        new KeyRoutes(stores.apiKeys(), json, callers, blocking, Clock.systemUTC()),
        new AuditRoutes(auditLog, json, callers, blocking),
        new WebhookRoutes(stores.webhookDeliveries(), json, callers, blocking, Clock.systemUTC()),
        new EvaluationRoutes(evaluations, json, callers, blocking),
        new CallRoutes(system, asks, callers, new OutboundCallRoutes(placing, system, json, callers, blocking, Clock.systemUTC())),
        new CampaignRoutes(campaigns, json, callers, blocking, Clock.systemUTC()),
        new TenantRoutes(sessions.tenants(), stores.tenants(), sessions.tenantSync(), settings.cluster().opsToken(),
            callers, auditLog, json, blocking, Clock.systemUTC()),
        new InstallRoutes(sessions.tenants(), origins, node.allowedOrigins(), sessions.outbound(), bodies, errors,
            callers, blocking),
        new WidgetRoutes(sessions.botConfigs(), bodies, errors, callers, sessions.tenants()::serves,
            voice.calls().isPresent(), node.askTimeout()),
        McpRoutes.of(new StaffReads(conversationRoutes, toolRoutes), callers, origins,
            Materializer.matFromSystem(system)),
        new A2aRoutes(new A2aConversation(sessions.sessions(), rules, node.askTimeout(),
            sessionSettings.turnTimeout().plus(node.askTimeout()), replies, () -> ClusterReleases.get(system).get()),
            sessions.botConfigs(),
            sessions.tenants()::serves, callers, json, Materializer.matFromSystem(system)),
        new OperationsRoutes(readiness, node.mode(), OperationsRoutes.managedChecks(system), registry, json,
            settings.cluster().opsToken()),
        new AdminChangeRoutes(adminChanges, callers));
    ParleyRoutes routes = new ParleyRoutes(new ChatSocket(system, frames, chat),
        new AgentSocket(system, json, rules, chat, sessionSettings.maxConversationsPerAgent(),
            stores.agentProfiles(), blocking), api, callers, errors,
        origins, node.connections(), tracing, new WidgetScript(), ClientLibrary.fromResources(),
        new ResponseMetrics(registry));
    return new MainPort(chat, routes, ChatSocket.maxMessageBytes(frames));
  }

  /** The model that judges and plays customers when the operator names one (PARLEY_EVALUATION_*). */
  private static Optional<LlmClient> evaluationModel(ActorSystem<Void> system, NodeSettings node) {
    return EvaluationSettings.create(system.settings().config()).model().map(endpoint -> {
      OpenAiCompatibleClient client = new OpenAiCompatibleClient(endpoint, node.llmClient());
      system.getWhenTerminated().thenRun(client::close);
      return client;
    });
  }

  /** What a tenant's bot configuration is checked against: the node's tools, providers and limits. */
  private static BotConfigDocument.Node nodeBounds(NodeConfiguration settings, NodeSessions sessions,
      Optional<FailoverLlmClient> llm) {
    SessionSettings sessionSettings = settings.sessions();
    return new BotConfigDocument.Node(Set.copyOf(sessions.tools().registry().names()),
        sessionSettings.answerMaxTokens(),
        Set.copyOf(llm.map(FailoverLlmClient::providerNames).orElse(List.of())),
        new NodeLimits(sessionSettings.contextTokens(), (int) sessionSettings.sessionTokenBudget(),
            sessionSettings.messagesPerMinute(), sessionSettings.tenantMessagesPerMinute(),
            settings.prompts()::leastContextTokens));
  }

  /** Files in conversations, within the node's size and upload limits. */
  private static AttachmentRoutes attachmentRoutes(ActorSystem<Void> system, Database database, NodeSessions sessions,
      PrometheusRegistry registry, JsonBodies bodies, ApiError errors, Callers callers, Executor blocking, NodeSettings node) {
    AttachmentSettings attachments = AttachmentSettings.create(system.settings().config());
    UploadAdmission admission = new UploadAdmission(attachments.maxBytes(), new UploadLimits(attachments.uploads()),
        new JdbcStoredBytes(database.dataSource()), attachments.storedBytesPerTenant(), new AttachmentMetrics(registry),
        Clock.systemUTC());
    return new AttachmentRoutes(sessions.sessions(), sessions.attachments(), admission, bodies, errors, callers,
        sessions.cpu(), blocking, node.askTimeout());
  }
}
