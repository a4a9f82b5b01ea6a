package io.parley.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefixTest;

import io.parley.http.a2a.A2aRoutes;
import io.parley.http.auth.BrowserOrigins;
import io.parley.http.mcp.McpRoutes;
import io.parley.http.rest.AttachmentRoutes;
import io.parley.http.campaign.CampaignRoutes;
import io.parley.http.rest.CallRoutes;
import io.parley.http.rest.InstallRoutes;
import io.parley.http.rest.KeyRoutes;
import io.parley.http.rest.SessionRoutes;
import io.parley.http.rest.WidgetRoutes;
import io.parley.http.rest.config.AnswerCacheRoutes;
import io.parley.http.rest.config.ConfigRoutes;
import io.parley.http.rest.config.EvaluationRoutes;
import io.parley.http.rest.config.ExperimentRoutes;
import io.parley.http.rest.config.ToolRoutes;
import io.parley.http.rest.config.WebhookRoutes;
import io.parley.http.rest.config.WorkflowRoutes;
import io.parley.http.rest.conversation.ConversationRoutes;
import io.parley.http.rest.staff.AdminChangeRoutes;
import io.parley.http.rest.staff.AgentDeskRoutes;
import io.parley.http.rest.staff.AuditRoutes;
import io.parley.http.rest.staff.StaffSignInRoutes;
import io.parley.http.rest.tenant.TenantRoutes;
import io.parley.http.rest.tenant.UserDataRoutes;
import io.parley.http.rest.tenant.UserMemoryRoutes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node's HTTP API under {@code /v1}, each part answering only to the callers it allows;
 * {@code staffAccounts} is password sign-in, the tenant's staff accounts and its sites
 * ({@link StaffAccess}).
 */
record ApiRoutes(StaffSignInRoutes staffSignIn, Route staffAccounts, SessionRoutes sessions, AttachmentRoutes attachments,
    ConversationRoutes conversations, AgentDeskRoutes desk, UserMemoryRoutes memory, UserDataRoutes userData, ToolRoutes tools,
    WorkflowRoutes workflows, ConfigRoutes config, ExperimentRoutes experiments, AnswerCacheRoutes answerCache, KeyRoutes keys,
    AuditRoutes audit,
    WebhookRoutes webhooks, EvaluationRoutes evaluations, CallRoutes calls, CampaignRoutes campaigns,
    TenantRoutes tenants,
    InstallRoutes install, WidgetRoutes widget, McpRoutes mcp, A2aRoutes a2a, OperationsRoutes operations,
    AdminChangeRoutes adminChanges) {
  /**
   * Every part in turn; the sessions, a user's memory, the widget and MCP are callable from the pages
   * {@code origins} allows. The changes they store are told to the tenant's admin consoles.
   */
  Route route(BrowserOrigins origins) {
    return adminChanges.marked(() -> concat(
        adminChanges.route(),
        staffSignIn.route(),
        staffAccounts,
        pathPrefixTest(PathMatchers.segment("v1").slash("sessions"), () -> origins.callable(() ->
            concat(attachments.route(), sessions.route()))),
        desk.route(),
        conversations.route(),
        // The widget's "What you remember about me" asks from the company's page.
        pathPrefixTest(PathMatchers.segment("v1").slash("users").slash(PathMatchers.segment()).slash("memory"),
            userId -> origins.callable(memory::route)),
        userData.route(),
        tools.route(),
        workflows.route(),
        config.route(),
        experiments.route(),
        answerCache.route(),
        keys.route(),
        audit.route(),
        webhooks.route(),
        evaluations.route(),
        calls.route(),
        campaigns.route(),
        tenants.route(),
        install.route(),
        pathPrefixTest(PathMatchers.segment("v1").slash("widget"), () -> origins.callable(widget::route)),
        pathPrefixTest(PathMatchers.segment("v1").slash("mcp"), () -> origins.callable(mcp::route)),
        a2a.route(),
        operations.route()));
  }
}
