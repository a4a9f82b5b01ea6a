package io.parley.voice.phone.machine;

import io.parley.voice.media.EnergyVoiceActivity;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a person from an answering machine by the first seconds of what the callee says after the
 * answer, frame by frame (20 ms at 8 kHz), and then, for a machine, when to speak the message.
 *
 * <p>A person says something short ("Hello?", "Anna speaking") and waits for the caller: a greeting
 * of at most {@value #HUMAN_GREETING_MILLIS} ms followed by {@value #PAUSE_MILLIS} ms of silence is
 * {@link Result#HUMAN}. A machine speaks on: a greeting that runs past {@value #MACHINE_GREETING_MILLIS}
 * ms without such a pause is {@link Result#MACHINE}, and so is a beep ({@link BeepDetector}) heard at
 * any time. No word within {@value #SILENCE_MILLIS} ms, or nothing decided within
 * {@value #DECIDE_MILLIS} ms, is {@link Result#UNSURE}: the bot talks, as to a person. Speech is
 * told from silence by loudness alone ({@link EnergyVoiceActivity}), a run of
 * {@value #MIN_WORD_MILLIS} ms at least, so a click or a breath is no greeting.
 *
 * <p>After a machine's verdict the message's cue follows: the end of its beep, else
 * {@value #GREETING_END_MILLIS} ms of silence after its greeting (a machine that never beeps), else
 * {@value #MAX_WAIT_MILLIS} ms after the answer. Pure and not thread-safe: one call's audio feeds it.
 */
public final class AnsweringMachineDetector {
  static final int FRAME_MILLIS = 20;
  static final int MIN_WORD_MILLIS = 80;
  static final int HUMAN_GREETING_MILLIS = 1800;
  static final int PAUSE_MILLIS = 700;
  static final int MACHINE_GREETING_MILLIS = 2100;
  static final int SILENCE_MILLIS = 2500;
  static final int DECIDE_MILLIS = 3500;
  static final int GREETING_END_MILLIS = 1500;
  static final int MAX_WAIT_MILLIS = 30_000;
  private static final double SPEECH = 0.5;

  /** Who answered. */
  public enum Result {
    HUMAN, MACHINE, UNSURE;

    /** As the metrics label it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the callee's audio has told so far. */
  public sealed interface Heard {}

  /** The verdict, once: who answered, why ({@code short greeting}, {@code long greeting}, {@code beep}, …), when. */
  public record Verdict(Result result, String reason, long atMillis) implements Heard {}

  /** A machine is ready for the message: after its {@code beep}, its greeting's end ({@code silence}), or {@code timeout}. */
  public record MessageCue(String after, long atMillis) implements Heard {}

  private final EnergyVoiceActivity loudness = EnergyVoiceActivity.defaults(8000);
  private final BeepDetector beep = new BeepDetector(8000);
  private long now;
  private long speechRun;
  private long silenceRun;
  private long greetingStart = -1;
  private long lastSpeechEnd = -1;
  private Optional<Result> verdict = Optional.empty();
  private boolean cued;

  /** The next 20 ms of the callee's audio; what it tells, if anything: a verdict, then (for a machine) the cue. */
  public Optional<Heard> frame(short[] samples) {
    now += FRAME_MILLIS;
    BeepDetector.Tone tone = beep.frame(samples);
    boolean speaking = tone == BeepDetector.Tone.NONE && loudness.probability(samples) >= SPEECH;
    if (speaking) {
      speechRun += FRAME_MILLIS;
      silenceRun = 0;
      if (speechRun >= MIN_WORD_MILLIS && greetingStart < 0) greetingStart = now - speechRun;
      if (greetingStart >= 0) lastSpeechEnd = now;
    } else {
      speechRun = 0;
      silenceRun += FRAME_MILLIS;
    }
    if (verdict.isEmpty()) return decide(tone).map(this::decided);
    if (cued || verdict.get() != Result.MACHINE) return Optional.empty();
    if (tone == BeepDetector.Tone.ENDED) return cue("beep");
    if (tone == BeepDetector.Tone.NONE && lastSpeechEnd >= 0 && silenceRun >= GREETING_END_MILLIS) return cue("silence");
    return now >= MAX_WAIT_MILLIS ? cue("timeout") : Optional.empty();
  }

  /** The verdict so far, if there is one. */
  public Optional<Result> verdict() {
    return verdict;
  }

  private Optional<Verdict> decide(BeepDetector.Tone tone) {
    if (tone == BeepDetector.Tone.STARTED) return Optional.of(new Verdict(Result.MACHINE, "beep", now));
    if (greetingStart < 0) {
      return now >= SILENCE_MILLIS ? Optional.of(new Verdict(Result.UNSURE, "silence", now)) : Optional.empty();
    }
    long greeting = lastSpeechEnd - greetingStart;
    if (silenceRun >= PAUSE_MILLIS && greeting <= HUMAN_GREETING_MILLIS) {
      return Optional.of(new Verdict(Result.HUMAN, "short greeting", now));
    }
    if (silenceRun < PAUSE_MILLIS && greeting >= MACHINE_GREETING_MILLIS) {
      return Optional.of(new Verdict(Result.MACHINE, "long greeting", now));
    }
    return now >= DECIDE_MILLIS ? Optional.of(new Verdict(Result.UNSURE, "undecided", now)) : Optional.empty();
  }

  private Verdict decided(Verdict decided) {
    verdict = Optional.of(decided.result());
    return decided;
  }

  private Optional<Heard> cue(String after) {
    cued = true;
    return Optional.of(new MessageCue(after, now));
  }
}
