package io.parley.http;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.attachment.AttachmentStore;
import io.parley.core.recording.RecordingStore;
import io.parley.core.attachment.AttachmentsForModel;
import io.parley.core.attachment.DocumentText;
import io.parley.core.call.CallRouting;
import io.parley.core.compute.CpuWork;
import io.parley.sessions.procedure.TenantLogic;
import io.parley.core.identity.ProviderKeys;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.language.LanguageDetection;
import io.parley.core.limits.TenantMessageRate;
import io.parley.core.llm.LlmClient;
import io.parley.core.net.OutboundHttp;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.retry.Backoff;
import io.parley.core.trace.Tracing;
import io.parley.http.auth.ProviderMetrics;
import io.parley.http.cluster.AdminChange;
import io.parley.http.cluster.AdminChanges;
import io.parley.http.cluster.MembersUp;
import io.parley.http.cluster.TenantSync;
import io.parley.persistence.campaigns.CampaignLeads;
import io.parley.persistence.Database;
import io.parley.persistence.archive.JdbcStoredBytes;
import io.parley.persistence.audit.JdbcAuditLog;
import io.parley.persistence.failures.JdbcSessionFailures;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.PhoneNumbers;
import io.parley.sessions.conversations.CachedSubscriptions;
import io.parley.sessions.conversations.ConversationProjection;
import io.parley.sessions.conversations.OutboxDelivery;
import io.parley.sessions.conversations.OutboxSettings;
import io.parley.sessions.conversations.SubscribedEvents;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.erasure.RetentionSweep;
import io.parley.sessions.erasure.UserErasure;
import io.parley.sessions.handoff.UnstaffedTickets;
import io.parley.sessions.failsafe.FailSafeSettings;
import io.parley.sessions.failsafe.SessionFailures;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.sessions.resilience.FailoverLlmClient;
import io.parley.sessions.resilience.ModelCallLimit;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.workflow.AgentRequests;
import io.parley.sessions.workflow.BudgetAlertWorkflow;
import io.parley.sessions.workflow.CostAlertWorkflow;
import io.parley.sessions.cost.CostMetrics;
import io.parley.sessions.cost.NodeCosts;
import io.parley.sessions.cost.TenantCosts;
import io.parley.persistence.costs.JdbcCosts;
import io.parley.sessions.workflow.ConfiguredWebhookUrls;
import io.parley.sessions.workflow.EscalationWorkflow;
import io.parley.sessions.workflow.CallOutcomeWorkflow;
import io.parley.sessions.workflow.LeadQualifiedWorkflow;
import io.parley.sessions.workflow.Notices;
import io.parley.sessions.workflow.SealedInput;
import io.parley.sessions.workflow.Webhooks;
import io.parley.sessions.workflow.Workflows;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.parley.tools.tickets.MailSettings;
import io.parley.tools.tickets.TicketReplies;
import io.parley.tools.tickets.TicketReplyDelivery;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The sharded sessions and what they run on: the tenants a node serves and their bot
 * configurations, the tools, the workflows and their webhooks, the conversation projection (which tells
 * the admin consoles of conversations begun and closed: {@link AdminChanges}), and
 * the sweeps that erase what retention no longer allows; and the outbound HTTP client their webhooks
 * and tools use, which checks every tenant-given address; the outbox that takes replies to tickets into
 * their conversations and to the customers' email.
 */
record NodeSessions(ChatSessions sessions, SessionServices services, Workflows workflows, OfferedTools tools,
    BotConfigs.Sharded botConfigs, PhoneNumbers phoneNumbers, TenantDirectory tenants, ProviderKeys providerKeys,
    TenantSync tenantSync, UserErasure erasure, OutboundHttp outbound, TicketReplyDelivery ticketReplies, CpuWork cpu,
    AttachmentStore attachments, RecordingStore recordings, SessionFailures failures, TenantCosts costs,
    AdminChanges adminChanges) {
  /** The provider conversations answered offline are priced at (nothing, unless its price is configured). */
  private static final String OFFLINE_PROVIDER = "offline";

  static NodeSessions start(ActorSystem<Void> system, NodeConfiguration settings, Database database,
      NodeStores stores, Optional<FailoverLlmClient> llm, ArchiveStore archive, PrometheusRegistry registry,
      DependencyBreakers breakers, Tracing tracing, JdbcAuditLog auditLog, LanguageDetection languages) {
    NodeSettings node = settings.node();
    SessionSettings sessionSettings = settings.sessions();
    OutboundHttp outbound = new OutboundHttp(settings.outboundPolicy());
    // The escalate tool reaches workflows through sharding; the entity type is registered below,
    // once the sessions its notices go to exist.
    Workflows workflows = new Workflows(system);
    SealedInput sealedInput = new SealedInput(stores.keys());
    OfferedTools tools = OfferedTools.assemble(system, stores.tools(), workflows, sealedInput, settings.tools(),
        outbound, settings.outboundPolicy(), stores.keys(), breakers, database.dataSource());
    // A starting session waits this long at most for its tenant's configuration, then uses the node's.
    BotConfigs.Sharded botConfigs = BotConfigs.init(system, Clock.systemUTC(), Duration.ofSeconds(2));
    PhoneNumbers phoneNumbers = PhoneNumbers.init(system, botConfigs,
        new CallRouting(settings.sip().numbers(), node.defaultTenant()), node.askTimeout());
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    TenantDirectory tenants = new TenantDirectory(settings.identities());
    ProviderKeys providerKeys = ProviderKeys.overHttp(outbound, settings.providerReads(), new ProviderMetrics(registry),
        Clock.systemUTC());
    // From the first reload on, before the port opens: the tenants' first tokens find their keys.
    tenants.onReloaded(providerKeys::prefetch);
    Optional<MailSettings> mailSettings = MailSettings.from(system.settings().config());
    // CPU work of the node's tenants (docs/architecture.md): attachments a turn reads among it.
    CpuWork cpu = CpuWork.start(settings.cpuWorkThreads());
    system.getWhenTerminated().thenRun(cpu::close);
    TenantLogic logic = TenantLogic.start(settings.tenantLogic());
    system.getWhenTerminated().thenRun(logic.pool()::close);
    AttachmentStore attachments = new AttachmentStore(archive, stores.keys());
    TenantCosts costs = new TenantCosts(new JdbcCosts(database.dataSource()), botConfigs,
        NodeCosts.from(system.settings().config()), blocking, Clock.systemUTC(),
        CostAlertWorkflow.Alerts.of(workflows, node.askTimeout()), new CostMetrics(registry));
    // The entries still gathering are written once the sessions have stopped, before the database closes.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "parley-cost-flush",
        () -> CompletableFuture.runAsync(costs::flush, blocking).thenApply(flushed -> Done.getInstance()));
    SessionServices services = new SessionServices(
        new Answering(llm.<LlmClient>map(client -> new ModelCallLimit(client, node.llmMaxConcurrentCalls(), registry)),
            settings.prompts(), OfflineResponder.fromResource(OfflineResponder.DEFAULT_RESOURCE), stores.memory(),
            stores.answerCache(), tools.tenants(), sessionSettings, new SessionMetrics(registry, tenants::serves),
            tracing, Clock.systemUTC(), new AttachmentsForModel(Optional.of(attachments), Optional.of(cpu),
                AttachmentSettings.create(system.settings().config()).imageBounds(), DocumentText.DEFAULT_MAX_CHARS)),
        archive,
        TenantBudgets.init(system, settings.budgets(), sessionSettings.snapshotEvery(), botConfigs,
            BudgetAlertWorkflow.alerts(BudgetAlertWorkflow.TOKENS, workflows, node.askTimeout()), Clock.systemUTC()),
        new TenantMessageRate(sessionSettings.tenantMessagesPerMinute(), new MembersUp(system)),
        botConfigs,
        LeadQualifiedWorkflow.alerts(workflows, node.askTimeout()),
        UnstaffedTickets.of(stores.tools().tickets(), blocking, mailSettings.isPresent()),
        languages, stores.gaps(), logic, costs);
    // What the sessions seal, kept a moment for the node's own slices to fold.
    boolean projected = settings.conversations().projected();
    FreshEvents fresh = projected ? FreshEvents.of(FreshEvents.NODE_SLOTS) : FreshEvents.none();
    SessionFailures failures = new SessionFailures(new JdbcSessionFailures(database.dataSource()),
        FailSafeSettings.create(system.settings().config()), blocking, services.metrics(), Clock.systemUTC());
    ChatSessions sessions = ChatSessions.init(system, services, stores.keys(), fresh, failures);
    AdminChanges adminChanges = AdminChanges.start(system);
    if (projected) {
      ConversationProjection.start(system, database.dataSource(), stores.keys(), fresh, settings.conversations(),
          settings.conversations().pricesWith(
              llm.map(client -> client.providerNames().get(0)).orElse(OFFLINE_PROVIDER)),
          registry, new CachedSubscriptions(SubscribedEvents.of(botConfigs), CachedSubscriptions.REFRESH_EVERY,
              Clock.systemUTC()),
          Clock.systemUTC(), sessionSettings.redactArchive(),
          tenant -> adminChanges.changed(tenant, AdminChange.Kind.CONVERSATIONS));
    }
    UserErasure erasure = new UserErasure(sessions, stores.keys(), archive, new JdbcStoredBytes(database.dataSource()),
        stores.memory(), stores.tools().tickets(),
        stores.conversations(), stores.notes(), new CampaignLeads(database.dataSource(), stores.keys()),
        node.askTimeout(), blocking);
    // Before the port opens: a node serves the stored tenants from its first request.
    tenants.reload(stores.tenants());
    TenantSync tenantSync = TenantSync.start(system, tenants, stores.tenants(), blocking, settings.tenantsReload());
    RetentionSweep.start(system, settings.retention(), tenants::apiRetentionDays, stores.keys(), erasure, auditLog,
        Clock.systemUTC());
    Webhooks webhooks = Webhooks.create(system.settings().config(), new ConfiguredWebhookUrls(botConfigs), outbound);
    OutboxDelivery.start(system, stores.webhookDeliveries(), webhooks, OutboxSettings.from(system.settings().config()),
        Clock.systemUTC());
    Backoff retryBackoff = sessionSettings.retryBackoff();
    Workflows.init(system, List.of(
        EscalationWorkflow.definition(stores.tools().tickets(), sealedInput, webhooks,
            Notices.of(sessions, node.askTimeout()), AgentRequests.of(sessions, node.askTimeout()), retryBackoff),
        LeadQualifiedWorkflow.definition(webhooks, retryBackoff),
        CallOutcomeWorkflow.definition(webhooks, retryBackoff),
        BudgetAlertWorkflow.definition(BudgetAlertWorkflow.VOICE, webhooks, retryBackoff),
        BudgetAlertWorkflow.definition(BudgetAlertWorkflow.TOKENS, webhooks, retryBackoff),
        CostAlertWorkflow.definition(webhooks, retryBackoff)),
        services.metrics(), Clock.systemUTC());
    TicketReplyDelivery ticketReplies = new TicketReplyDelivery(stores.tools().tickets(),
        new TicketReplies(database.dataSource(), Clock.systemUTC()), new TicketConversations(sessions, botConfigs, node.askTimeout()),
        mailSettings, Clock.systemUTC());
    Duration pollReplies = mailSettings.map(MailSettings::pollEvery).orElse(Duration.ofSeconds(5));
    system.classicSystem().scheduler().scheduleWithFixedDelay(pollReplies, pollReplies, ticketReplies::roundOnce,
        system.dispatchers().lookup(DispatcherSelector.blocking()));
    return new NodeSessions(sessions, services, workflows, tools, botConfigs, phoneNumbers, tenants, providerKeys,
        tenantSync, erasure, outbound, ticketReplies, cpu, attachments, new RecordingStore(archive, stores.keys()), failures,
        costs, adminChanges);
  }
}
