package io.parley.tools;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import io.parley.core.session.SessionId;
import java.util.Optional;

/**
 * Settings of the built-in tools ({@code parley.tools} in this module's reference.conf).
 *
 * @param sampleKnowledgeBaseTenant the tenant that gets the sample help-centre articles at start-up
 *     when its knowledge base is empty ({@code PARLEY_KB_SAMPLE_TENANT}, default {@code demo});
 *     empty for none
 */
public record ToolSettings(Optional<String> sampleKnowledgeBaseTenant) {
  public static ToolSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new ToolSettings(settings.optionalString("parley.tools.kb.sample-tenant", "PARLEY_KB_SAMPLE_TENANT",
        "a tenant id (1-63 characters of a-z, 0-9 and '-'), or empty for none", SessionId::isValidTenant));
  }
}
