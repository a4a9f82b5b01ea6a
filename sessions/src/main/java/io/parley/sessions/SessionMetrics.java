package io.parley.sessions;

import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.core.limits.BudgetLevel;
import io.parley.core.llm.TokenUsage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Predicate;

/**
 * The node's session metrics, registered in a registry the caller owns (no global statics, so
 * tests and several nodes in one JVM each count their own). A {@code tenant} label holds only a
 * tenant the node knows (configured or created through {@code /v1/tenants}); any other is {@value
 * #OTHER_TENANT}, which no tenant can be named, so a made-up tenant cannot add series.
 */
public final class SessionMetrics {
  /** The {@code tenant} label of a tenant the node does not know. */
  public static final String OTHER_TENANT = "_other";

  private final Predicate<String> knownTenant;
  private final Gauge activeSessions;
  private final Gauge sleepingSessions;
  private final Counter messages;
  private final Histogram turnLatency;
  private final Histogram timeToFirstToken;
  private final Counter llmErrors;
  private final Counter llmTokens;
  private final Histogram toolCalls;
  private final Counter workflowsStarted;
  private final Counter workflowStepAttempts;
  private final Counter workflowsFinished;
  private final Counter messagesRefused;
  private final Counter injectionsFlagged;
  private final Counter citationsMadeUp;
  private final Counter patternsSkipped;
  private final Counter tenantTokens;
  private final Counter budgetUnavailable;
  private final Counter handoffs;
  private final Counter unstaffedHandoffs;
  private final Counter unstaffedTickets;
  private final Histogram agentWait;
  private final Histogram agentHandling;
  private final Counter sessionsClosed;
  private final Counter ratings;
  private final Counter cacheLookups;
  private final Histogram cacheLookupTime;
  private final Counter cacheSkipped;
  private final Counter cacheKept;
  private final Counter cacheTokensSaved;
  private final Gauge tokensToday;
  private final Gauge tokenBudgetLevel;
  private final Counter sessionFailures;
  private final Gauge failedSafeSessions;
  private final Gauge tokensTodayByLine;

  /** Every tenant labelled as it is: for tests, whose tenants are what they make up. */
  public SessionMetrics(PrometheusRegistry registry) {
    this(registry, tenant -> true);
  }

  public SessionMetrics(PrometheusRegistry registry, Predicate<String> knownTenant) {
    this.knownTenant = knownTenant;
    activeSessions = MetricFamilies.gauge(registry, "parley_sessions_active",
        "Open chat sessions running on this node.");
    sleepingSessions = MetricFamilies.gauge(registry, "parley_sessions_sleeping",
        "Open chat sessions on this node asleep: nothing under way, out of memory until their next command.");
    messages = MetricFamilies.counter(registry, "parley_messages_total",
        "Persisted chat messages by tenant and role.", "tenant", "role");
    turnLatency = MetricFamilies.histogram(registry, "parley_turn_latency_seconds",
        "Time from a turn's start to its persisted answer, model or offline.",
        new double[] {0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120});
    timeToFirstToken = MetricFamilies.histogram(registry, "parley_time_to_first_token_seconds",
        "Time from a turn's start to the first streamed piece of the answer.",
        new double[] {0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30});
    llmErrors = MetricFamilies.counter(registry, "parley_llm_errors_total",
        "Failed model calls by provider and failure kind.", "provider", "kind");
    toolCalls = MetricFamilies.histogram(registry, "parley_tool_call_seconds",
        "Tool calls by tool and outcome (succeeded, failed, timeout, rejected), with their duration.",
        new double[] {0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10}, "tool", "outcome");
    llmTokens = MetricFamilies.counter(registry, "parley_llm_tokens_total",
        "Tokens the model servers reported using, by provider and kind (prompt, completion).", "provider", "kind");
    workflowsStarted = MetricFamilies.counter(registry, "parley_workflows_started_total",
        "Durable workflows started, by definition.", "definition");
    workflowStepAttempts = MetricFamilies.counter(registry, "parley_workflow_step_attempts_total",
        "Workflow step attempts by definition, step and outcome (succeeded, failed, timed_out, compensated).",
        "definition", "step", "outcome");
    workflowsFinished = MetricFamilies.counter(registry, "parley_workflows_finished_total",
        "Durable workflows finished, by definition and result (completed, compensated).", "definition", "result");
    messagesRefused = MetricFamilies.counter(registry, "parley_messages_refused_total",
        "User messages refused before storing, by tenant and reason (rate_limited, budget_exceeded, injection_refused).",
        "tenant", "reason");
    injectionsFlagged = MetricFamilies.counter(registry, "parley_injections_flagged_total",
        "Texts that read like instructions to the model, by tenant and source (user_message, tool_result) and whether they were refused (user message) or left out (tool result).",
        "tenant", "source", "refused");
    citationsMadeUp = MetricFamilies.counter(registry, "parley_citations_made_up_total",
        "Citations in the model's answers of a passage no knowledge-base search of the turn gave it, dropped from the"
            + " answers, by tenant.", "tenant");
    patternsSkipped = MetricFamilies.counter(registry, "parley_redaction_patterns_skipped_total",
        "A tenant's own redaction patterns not run on a text because its prompt's redaction ran out of time, by tenant"
            + " (the built-in kinds were still redacted).", "tenant");
    tenantTokens = MetricFamilies.counter(registry, "parley_tenant_tokens_total",
        "Model tokens (prompt and answer) of answered turns, by tenant.", "tenant");
    budgetUnavailable = MetricFamilies.counter(registry, "parley_tenant_budget_unavailable_total",
        "Messages admitted without their tenant's token budget answering in time (failed open).", "tenant");
    handoffs = MetricFamilies.counter(registry, "parley_handoffs_total",
        "Conversations that went to a person, by tenant and trigger (customer_asked, escalation, agent_picked_up).",
        "tenant", "trigger");
    unstaffedHandoffs = MetricFamilies.counter(registry, "parley_handoffs_unstaffed_total",
        "Requests for a person that went back to the bot, by reason (no_agent_online, no_agent_in_time).", "reason");
    unstaffedTickets = MetricFamilies.counter(registry, "parley_handoff_tickets_total",
        "Requests for a person nobody came to whose conversation went to a ticket (opened, or the conversation's open one).");
    agentWait = MetricFamilies.histogram(registry, "parley_handoff_wait_seconds",
        "Time from asking for a person to an agent taking the conversation.",
        new double[] {5, 15, 30, 60, 120, 300, 600, 1800});
    agentHandling = MetricFamilies.histogram(registry, "parley_agent_handling_seconds",
        "Time an agent held a conversation, to handing it back or closing it.",
        new double[] {30, 60, 120, 300, 600, 1200, 1800, 3600});
    sessionsClosed = MetricFamilies.counter(registry, "parley_sessions_closed_total",
        "Closed sessions by tenant and who answered in them: bot only, or an agent too (the containment rate is bot / all).",
        "tenant", "resolved_by");
    ratings = MetricFamilies.counter(registry, "parley_ratings_total",
        "Customers' ratings of their conversations, by tenant and score (1 to 5).", "tenant", "score");
    cacheLookups = MetricFamilies.counter(registry, "parley_answer_cache_lookups_total",
        "Answer cache lookups by tenant, result (exact, similar, miss, off, error) and mode (normal, or degraded when no model answered).",
        "tenant", "result", "mode");
    cacheLookupTime = MetricFamilies.histogram(registry, "parley_answer_cache_lookup_seconds",
        "Time of an answer cache lookup: the exact match, then embedding the question and the similar match.",
        new double[] {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
    cacheSkipped = MetricFamilies.counter(registry, "parley_answer_cache_skipped_total",
        "Turns that could not use the answer cache, by tenant and reason (not_first_question, known_customer, personal_data, turned_off).",
        "tenant", "reason");
    cacheKept = MetricFamilies.counter(registry, "parley_answer_cache_answers_total",
        "Model answers to cacheable turns, by tenant and outcome (stored, personal_data, customer_data_tool, failed).",
        "tenant", "outcome");
    cacheTokensSaved = MetricFamilies.counter(registry, "parley_answer_cache_tokens_saved_total",
        "Model tokens the answers served from the cache had cost when the model wrote them, by tenant.", "tenant");
    tokensToday = MetricFamilies.gauge(registry, "parley_tenant_tokens_today",
        "Model tokens a tenant with a daily budget used today (UTC), across the cluster, as this node last heard.",
        "tenant");
    tokensTodayByLine = MetricFamilies.gauge(registry, "parley_tenant_tokens_today_by_line",
        "Model tokens a tenant with a daily budget used today (UTC) per budget line (conversations, evaluation), as this node last heard.",
        "tenant", "line");
    sessionFailures = MetricFamilies.counter(registry, "parley_session_failures_total",
        "Failures of sessions' own that this node counted (an unreadable journal, a command that threw), by tenant and kind (recovery, command).",
        "tenant", "kind");
    failedSafeSessions = MetricFamilies.gauge(registry, "parley_sessions_failed_safe",
        "A tenant's failed-safe sessions, which answer an error until staff retry them, across the cluster, as this node last read them.",
        "tenant");
    tokenBudgetLevel = MetricFamilies.gauge(registry, "parley_tenant_token_budget_level_percent",
        "How much of its daily token budget a tenant used: 0, 80 (alert) or 100 (spent: messages refused), as this node last heard.",
        "tenant");
  }

  public void answerCacheLookup(String tenant, String result, boolean degraded, double seconds) {
    cacheLookups.labelValues(tenantLabel(tenant), result, degraded ? "degraded" : "normal").inc();
    if (seconds > 0) cacheLookupTime.observe(seconds);
  }

  public void answerCacheSkipped(String tenant, String reason) {
    cacheSkipped.labelValues(tenantLabel(tenant), reason).inc();
  }

  public void answerCacheKept(String tenant, String outcome) {
    cacheKept.labelValues(tenantLabel(tenant), outcome).inc();
  }

  public void answerCacheTokensSaved(String tenant, int tokens) {
    cacheTokensSaved.labelValues(tenantLabel(tenant)).inc(tokens);
  }

  public void handoff(String tenant, String trigger) {
    handoffs.labelValues(tenantLabel(tenant), trigger).inc();
  }

  public void rated(String tenant, int score) {
    ratings.labelValues(tenantLabel(tenant), String.valueOf(score)).inc();
  }

  public void unstaffedHandoff(String reason) {
    unstaffedHandoffs.labelValues(reason).inc();
  }

  public void unstaffedTicket() {
    unstaffedTickets.inc();
  }

  public void agentTookOver(double waitSeconds) {
    agentWait.observe(waitSeconds);
  }

  public void agentHandedBack(double heldSeconds) {
    agentHandling.observe(heldSeconds);
  }

  public void sessionClosed(String tenant, boolean agentAnswered) {
    sessionsClosed.labelValues(tenantLabel(tenant), agentAnswered ? "agent" : "bot").inc();
  }

  public void sessionOpened() {
    activeSessions.inc();
  }

  public void sessionStopped() {
    activeSessions.dec();
  }

  public void sessionSlept() {
    sleepingSessions.inc();
  }

  public void sessionWoke() {
    sleepingSessions.dec();
  }

  public void messagePersisted(String tenant, String role) {
    messages.labelValues(tenantLabel(tenant), role).inc();
  }

  public void turnCompleted(double seconds) {
    turnLatency.observe(seconds);
  }

  public void firstToken(double seconds) {
    timeToFirstToken.observe(seconds);
  }

  public void llmFailed(String provider, String kind) {
    llmErrors.labelValues(provider, kind).inc();
  }

  public void toolCall(String tool, String outcome, double seconds) {
    toolCalls.labelValues(tool, outcome).observe(seconds);
  }

  public void tokensUsed(String provider, TokenUsage usage) {
    llmTokens.labelValues(provider, "prompt").inc(usage.promptTokens());
    llmTokens.labelValues(provider, "completion").inc(usage.completionTokens());
  }

  // Durable workflows (io.parley.sessions.workflow), public for the Workflow entity in that package.
  public void workflowStarted(String definition) {
    workflowsStarted.labelValues(definition).inc();
  }

  /** One attempt of a step ended ({@code succeeded}, {@code failed}, {@code timed_out}) or a compensation did ({@code compensated}). */
  public void workflowStepAttempted(String definition, String step, String outcome) {
    workflowStepAttempts.labelValues(definition, step, outcome).inc();
  }

  public void workflowFinished(String definition, String result) {
    workflowsFinished.labelValues(definition, result).inc();
  }

  // Admission (io.parley.sessions.admission): refused messages and the tenants' token budgets.
  public void messageRefused(String tenant, String reason) {
    messagesRefused.labelValues(tenantLabel(tenant), reason).inc();
  }

  /** Citations of the model's answers that named no passage its searches gave it, taken out of the answers. */
  public void citationsMadeUp(String tenant, int count) {
    citationsMadeUp.labelValues(tenantLabel(tenant)).inc(count);
  }

  public void injectionFlagged(String tenant, String source, boolean refused) {
    injectionsFlagged.labelValues(tenantLabel(tenant), source, String.valueOf(refused)).inc();
  }

  public void redactionPatternSkipped(String tenant) {
    patternsSkipped.labelValues(tenantLabel(tenant)).inc();
  }

  public void tenantTokensUsed(String tenant, long tokens) {
    tenantTokens.labelValues(tenantLabel(tenant)).inc(tokens);
  }

  /** A tenant's standing as a session or a run heard it: tokens used today of its limit (0: no limit), and per line. */
  public void tenantTokenBudget(String tenant, TenantTokenBudget.Standing standing) {
    String label = tenantLabel(tenant);
    tokensToday.labelValues(label).set(standing.used());
    tokenBudgetLevel.labelValues(label).set(BudgetLevel.of(standing.used(), standing.limit()).percent());
    standing.lines().forEach((line, used) -> tokensTodayByLine.labelValues(label, line).set(used));
  }

  public void tenantBudgetUnavailable(String tenant) {
    budgetUnavailable.labelValues(tenantLabel(tenant)).inc();
  }

  // Failed-safe sessions (io.parley.sessions.failsafe).
  public void sessionFailed(String tenant, String kind) {
    sessionFailures.labelValues(tenantLabel(tenant), kind).inc();
  }

  public void failedSafeSessions(String tenant, int sessions) {
    failedSafeSessions.labelValues(tenantLabel(tenant)).set(sessions);
  }

  private String tenantLabel(String tenant) {
    return knownTenant.test(tenant) ? tenant : OTHER_TENANT;
  }
}
