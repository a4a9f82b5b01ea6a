package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.KryoDocument;
import io.parley.core.experiment.ExperimentArm;
import java.util.Optional;

/**
 * The configuration a session started with, and its version: it keeps it until it ends. A test
 * session started on the tenant's draft has {@code draft} set, and {@code version} is the draft's
 * number (drafts are numbered apart from the published versions). A conversation started while an
 * experiment ran names it and its arm ({@code experiment}); on the candidate arm, {@code version}
 * is the candidate's: a saved version's number, or the number of the draft the experiment froze.
 */
@KryoDocument
public record PinnedBotConfig(int version, BotConfig config, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean draft,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ExperimentArm> experiment) {

  public PinnedBotConfig {
    // Journals and nodes from before experiments send none.
    experiment = experiment == null ? Optional.empty() : experiment;
  }

  public PinnedBotConfig(int version, BotConfig config, boolean draft) {
    this(version, config, draft, Optional.empty());
  }

  /** A published version. */
  public PinnedBotConfig(int version, BotConfig config) {
    this(version, config, false);
  }

  /** The same configuration, given to a conversation as its arm of an experiment. */
  public PinnedBotConfig in(ExperimentArm arm) {
    return new PinnedBotConfig(version, config, draft, Optional.of(arm));
  }
}
