package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * A tenant's voice (the {@code voice} of its bot configuration): which tier speaks its sessions'
 * answers, the premium voice to speak them in, and how fast. What is unset falls back to the node.
 *
 * @param premiumFromScore with {@link TierPolicy#LEAD_SCORE}, the lead score from which a session is
 *     spoken by the premium engine ({@link #DEFAULT_PREMIUM_FROM_SCORE} unless set)
 * @param name the premium engine's voice (a local engine has its own)
 * @param speed 0.5 to 2.0
 * @param answeringMachine what a call the bot places does when an answering machine picks up
 *     (docs/voice.md#answering-machines); unset, the node does not listen for one and the bot talks
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record VoicePreferences(Optional<TierPolicy> tier, Optional<Integer> premiumFromScore, Optional<String> name,
    Optional<Double> speed, Optional<AnsweringMachine> answeringMachine) {
  public static final int DEFAULT_PREMIUM_FROM_SCORE = 70;
  public static final double MIN_SPEED = 0.5;
  public static final double MAX_SPEED = 2.0;

  /** Which engine speaks a tenant's sessions, while its premium budget lasts. */
  public enum TierPolicy {
    /** The premium engine, as the node has it, until the day's premium budget is spent. */
    @JsonProperty("premium") PREMIUM,
    /** The local engine only: nothing is paid for. */
    @JsonProperty("local") LOCAL,
    /** The premium engine for sessions scoring {@code premiumFromScore} or more while under 80 % of the budget. */
    @JsonProperty("lead_score") LEAD_SCORE
  }

  /** What a call the bot places does once it hears an answering machine. */
  public enum AnsweringMachine {
    /** Hangs up at once: nothing is left on the machine. */
    @JsonProperty("hang_up") HANG_UP,
    /** Speaks the call's message after the beep (or the greeting's end), then hangs up; hangs up when the call has none. */
    @JsonProperty("leave_message") LEAVE_MESSAGE
  }

  /** Preferences that leave answering machines alone. */
  public VoicePreferences(Optional<TierPolicy> tier, Optional<Integer> premiumFromScore, Optional<String> name,
      Optional<Double> speed) {
    this(tier, premiumFromScore, name, speed, Optional.empty());
  }

  public VoicePreferences {
    tier = tier == null ? Optional.empty() : tier;
    premiumFromScore = premiumFromScore == null ? Optional.empty() : premiumFromScore;
    name = name == null ? Optional.empty() : name;
    speed = speed == null ? Optional.empty() : speed;
    answeringMachine = answeringMachine == null ? Optional.empty() : answeringMachine;
  }

  public static VoicePreferences none() {
    return new VoicePreferences(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public TierPolicy tierPolicy() {
    return tier.orElse(TierPolicy.PREMIUM);
  }

  public int premiumScore() {
    return premiumFromScore.orElse(DEFAULT_PREMIUM_FROM_SCORE);
  }
}
