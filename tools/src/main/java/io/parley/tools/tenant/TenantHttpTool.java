package io.parley.tools.tenant;

import io.parley.core.bot.HttpToolSetting;
import io.parley.core.bot.JsonText;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.net.OutboundHttp;
import io.parley.tools.ResultLimit;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import io.parley.tools.remote.RemoteTool;
import io.parley.tools.remote.RemoteToolEndpoint;
import java.net.URI;
import java.time.Duration;

/**
 * A tool on a tenant's own server ({@code httpTools}), called as a remote tool is
 * ({@link RemoteTool}: the same request, signature, outcomes and limits), its signing secret
 * opened from the tenant's sealed one for each call, off the turn's thread.
 */
final class TenantHttpTool implements Tool {
  private final String tenant;
  private final HttpToolSetting setting;
  private final ToolDefinition definition;
  private final OutboundHttp http;
  private final TenantSecrets secrets;
  private final ResultLimit limit;

  TenantHttpTool(String tenant, HttpToolSetting setting, OutboundHttp http, TenantSecrets secrets, ResultLimit limit) {
    this.tenant = tenant;
    this.setting = setting;
    this.definition = definition(setting);
    this.http = http;
    this.secrets = secrets;
    this.limit = limit;
  }

  static ToolDefinition definition(HttpToolSetting setting) {
    return new ToolDefinition(setting.name(), setting.description(), JsonText.tree(setting.parameters()),
        Duration.ofMillis(setting.timeoutMs()), setting.maxAttempts(), ToolDefinition.DEFAULT_BACKOFF, setting.idempotent(),
        setting.approver());
  }

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    RemoteToolEndpoint endpoint = new RemoteToolEndpoint(definition, URI.create(setting.url()),
        setting.secret().map(secret -> secrets.openText(tenant, secret)));
    return new RemoteTool(endpoint, http, limit).run(invocation);
  }
}
