package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * A tenant's bot, as the tenant configured it: what is set replaces the node's setting, what is
 * not falls back to it. {@code instructions} are the company's own additions to the system prompt
 * (opening hours, tone, what to offer), placed after Parley's rules, which they cannot override.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record BotConfig(Optional<String> assistantName, Optional<String> companyName, Optional<String> instructions) {
  public BotConfig {
    assistantName = assistantName == null ? Optional.empty() : assistantName;
    companyName = companyName == null ? Optional.empty() : companyName;
    instructions = instructions == null ? Optional.empty() : instructions;
  }

  public static BotConfig empty() {
    return new BotConfig(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
