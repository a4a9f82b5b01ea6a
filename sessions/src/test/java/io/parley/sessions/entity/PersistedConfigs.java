package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfig;
import java.io.IOException;

/** Bot configurations for tests, as their persisted JSON says them: the settings most easily written that way. */
public final class PersistedConfigs {
  private PersistedConfigs() {}

  public static BotConfig read(String json) {
    try {
      return new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
          .readValue(json, BotConfig.class);
    } catch (IOException e) {
      throw new AssertionError("a sample configuration that does not read", e);
    }
  }
}
