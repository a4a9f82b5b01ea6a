package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The configuration a session started with, and its version: it keeps it until it ends. A test
 * session started on the tenant's draft has {@code draft} set, and {@code version} is the draft's
 * number (drafts are numbered apart from the published versions).
 */
public record PinnedBotConfig(int version, BotConfig config, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean draft) {

  /** A published version. */
  public PinnedBotConfig(int version, BotConfig config) {
    this(version, config, false);
  }
}
