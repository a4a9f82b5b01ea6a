package io.parley.sessions.bot;

import io.parley.core.CborSerializable;
import io.parley.core.WireName;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.experiment.Arm;
import io.parley.core.experiment.ArmAssignment;
import io.parley.core.experiment.ExperimentArm;
import java.time.Instant;
import java.util.Optional;

/**
 * An experiment of a tenant's bot configuration (docs/bot-config.md#experiments): from its start,
 * a {@code share} of the new conversations get the {@code candidate}, the others the live version
 * ({@code liveVersion}, which cannot change while it runs: a publish or rollback ends it), each
 * conversation by a hash of its id ({@link ArmAssignment}). It runs until it is stopped, its
 * candidate promoted, or another version published; {@code ended} says which, by whom and when.
 */
public record Experiment(int id, Candidate candidate, double share, int liveVersion, String author, Instant startedAt,
    Optional<Ending> ended) implements CborSerializable {

  public Experiment {
    ended = ended == null ? Optional.empty() : ended;
  }

  /**
   * The configuration tried, frozen when the experiment started: a saved version's ({@code number},
   * {@code draft} false) or the draft's as it then was ({@code number} the draft's), however the
   * draft changes afterwards.
   */
  public record Candidate(int number, boolean draft, BotConfig config) implements CborSerializable {
    /** How the candidate is named to people: {@code draft 4}, {@code version 2}. */
    public String name() {
      return (draft ? "draft " : "version ") + number;
    }
  }

  /** Why an experiment ended. */
  public enum Reason implements WireName.InJson {
    /** Stopped by an admin: new conversations went live again. */
    STOPPED,
    /** Its candidate was published as the next version. */
    PROMOTED,
    /** Another configuration was published (directly or from the draft). */
    PUBLISHED,
    /** An earlier version was made live again. */
    ROLLED_BACK
  }

  /** {@code version}: the version that went live when it ended, if one did. */
  public record Ending(Reason reason, String by, Instant at, Optional<Integer> version) implements CborSerializable {
    public Ending {
      version = version == null ? Optional.empty() : version;
    }
  }

  public boolean running() {
    return ended.isEmpty();
  }

  Experiment endedWith(Ending ending) {
    return new Experiment(id, candidate, share, liveVersion, author, startedAt, Optional.of(ending));
  }

  /**
   * The configuration a new conversation {@code sessionId} starts with: the candidate or {@code live}
   * (the tenant's live version), as its arm says, naming the experiment and the arm.
   */
  public PinnedBotConfig pinnedFor(String sessionId, PinnedBotConfig live) {
    Arm arm = ArmAssignment.of(id, share, sessionId);
    PinnedBotConfig config = arm == Arm.CANDIDATE ? new PinnedBotConfig(candidate.number(), candidate.config()) : live;
    return config.in(new ExperimentArm(id, arm));
  }
}
