package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.core.call.TransferMode;
import java.util.Optional;

/**
 * A tenant's voice (the {@code voice} of its bot configuration): which tier speaks its sessions'
 * answers, the premium voice to speak them in, and how fast. What is unset falls back to the node.
 *
 * @param premiumFromScore with {@link TierPolicy#LEAD_SCORE}, the lead score from which a session is
 *     spoken by the premium engine ({@link #DEFAULT_PREMIUM_FROM_SCORE} unless set)
 * @param name the premium engine's voice (a local engine has its own)
 * @param speed 0.5 to 2.0
 * @param recording whether phone calls are recorded, and with what consent ({@link Recording#OFF} unless set)
 * @param transferMode how a phone call is handed to a person ({@link TransferMode#BLIND} unless set)
 * @param staffLanguage the language (ISO 639-1) a warm transfer's brief is spoken in to the person
 *     ({@code en} unless set)
 * @param answeringMachine what a call the bot places does when an answering machine picks up
 *     (docs/voice.md#answering-machines); unset, the node does not listen for one and the bot talks
 * @param voicemailMessage the message {@link AnsweringMachine#LEAVE_MESSAGE} leaves when the call (or its
 *     campaign) gives none of its own
 * @param turns when a caller's turn ends and which words over the bot do not stop it (the node's unless set)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record VoicePreferences(Optional<TierPolicy> tier, Optional<Integer> premiumFromScore, Optional<String> name,
    Optional<Double> speed, Optional<Recording> recording, Optional<TransferMode> transferMode,
    Optional<String> staffLanguage, Optional<AnsweringMachine> answeringMachine, Optional<String> voicemailMessage,
    Optional<TurnTaking> turns) {
  public static final int DEFAULT_PREMIUM_FROM_SCORE = 70;
  /** The longest message a call may leave on a machine: about a minute of speech, which machines record. */
  public static final int MAX_VOICEMAIL_MESSAGE = 1000;
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

  /**
   * Whether a tenant's phone calls are recorded (docs/voice.md#recording): never; after the caller is
   * told so in their language; or only once the caller said yes when asked.
   */
  public enum Recording {
    @JsonProperty("off") OFF,
    @JsonProperty("announce") ANNOUNCE,
    @JsonProperty("ask") ASK
  }

  /** What a call the bot places does once it hears an answering machine. */
  public enum AnsweringMachine {
    /** Hangs up at once: nothing is left on the machine. */
    @JsonProperty("hang_up") HANG_UP,
    /**
     * Speaks the call's message after the beep (or the greeting's end), then hangs up: the call's own,
     * else its campaign's, else the tenant's {@code voicemailMessage}; hangs up when there is none.
     */
    @JsonProperty("leave_message") LEAVE_MESSAGE
  }

  public VoicePreferences {
    recording = recording == null ? Optional.empty() : recording;
    tier = tier == null ? Optional.empty() : tier;
    premiumFromScore = premiumFromScore == null ? Optional.empty() : premiumFromScore;
    name = name == null ? Optional.empty() : name;
    speed = speed == null ? Optional.empty() : speed;
    transferMode = transferMode == null ? Optional.empty() : transferMode;
    staffLanguage = staffLanguage == null ? Optional.empty() : staffLanguage;
    answeringMachine = answeringMachine == null ? Optional.empty() : answeringMachine;
    voicemailMessage = voicemailMessage == null ? Optional.empty() : voicemailMessage;
    turns = turns == null ? Optional.empty() : turns;
  }

  /** Without a message of the tenant's own for answering machines, and the node's turn-taking. */
  public VoicePreferences(Optional<TierPolicy> tier, Optional<Integer> premiumFromScore, Optional<String> name,
      Optional<Double> speed, Optional<Recording> recording, Optional<TransferMode> transferMode,
      Optional<String> staffLanguage, Optional<AnsweringMachine> answeringMachine) {
    this(tier, premiumFromScore, name, speed, recording, transferMode, staffLanguage, answeringMachine, Optional.empty(),
        Optional.empty());
  }

  /** The voice settings only; calls not recorded, handed over blind, and not screened for answering machines. */
  public VoicePreferences(Optional<TierPolicy> tier, Optional<Integer> premiumFromScore, Optional<String> name,
      Optional<Double> speed) {
    this(tier, premiumFromScore, name, speed, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static VoicePreferences none() {
    return new VoicePreferences(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public TierPolicy tierPolicy() {
    return tier.orElse(TierPolicy.PREMIUM);
  }

  public Recording recordingMode() {
    return recording.orElse(Recording.OFF);
  }

  public TransferMode transfers() {
    return transferMode.orElse(TransferMode.BLIND);
  }

  public String staffSpeaks() {
    return staffLanguage.orElse("en");
  }

  public TurnTaking turnTaking() {
    return turns.orElse(TurnTaking.none());
  }

  public int premiumScore() {
    return premiumFromScore.orElse(DEFAULT_PREMIUM_FROM_SCORE);
  }
}
