package io.parley.tools;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.session.SessionId;
import io.parley.tools.remote.RemoteToolEndpoint;
import io.parley.tools.remote.RemoteToolList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the tools ({@code parley.tools} in this module's reference.conf).
 *
 * @param sampleKnowledgeBaseTenant the tenant that gets the sample help-centre articles at start-up
 *     when its knowledge base is empty ({@code PARLEY_KB_SAMPLE_TENANT}, default {@code demo});
 *     empty for none
 * @param remoteTools the tools on other servers ({@code PARLEY_REMOTE_TOOLS}, a JSON array; default none)
 * @param resultLimit the most of a remote tool's or an MCP server's result the model reads
 *     ({@code PARLEY_TOOL_RESULT_MAX_CHARS}, default 16,000 characters)
 */
public record ToolSettings(Optional<String> sampleKnowledgeBaseTenant, List<RemoteToolEndpoint> remoteTools,
    ResultLimit resultLimit) {
  public ToolSettings {
    remoteTools = List.copyOf(remoteTools);
  }

  public static ToolSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new ToolSettings(
        settings.optionalString("parley.tools.kb.sample-tenant", "PARLEY_KB_SAMPLE_TENANT",
            "a tenant id (1-63 characters of a-z, 0-9 and '-'), or empty for none", SessionId::isValidTenant),
        settings.optionalJson("parley.tools.remote", "PARLEY_REMOTE_TOOLS", RemoteToolList.EXPECTED_FORM,
            RemoteToolList::parse).orElse(List.of()),
        resultLimit(settings));
  }

  private static ResultLimit resultLimit(SettingsReader settings) {
    int maxChars = settings.positiveInt("parley.tools.result-max-chars", "PARLEY_TOOL_RESULT_MAX_CHARS");
    if (maxChars < 100) {
      throw new InvalidSettingException("PARLEY_TOOL_RESULT_MAX_CHARS (parley.tools.result-max-chars) must be at least"
          + " 100 characters, got " + maxChars);
    }
    return new ResultLimit(maxChars);
  }
}
