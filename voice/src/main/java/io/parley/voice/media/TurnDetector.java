package io.parley.voice.media;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Phrases;
import java.util.List;
import java.util.Map;

/**
 * Decides, frame by frame, when the caller starts and stops talking, from the voice-activity
 * probabilities and the rules in {@link TurnSettings}. Pure and told each frame's length, so it is
 * tested with sequences of numbers. Idle, it waits for a probability of {@code activation}; while
 * the probability stays at or above {@code deactivation} that speech grows, and at {@code minSpeech}
 * the utterance has started ({@link Signal#SPEECH_STARTED}). A pause shorter than
 * {@code endOfUtterance} belongs to the utterance; a longer one ends it ({@link Signal#UTTERANCE_ENDED}),
 * and the detector is idle again. When the recogniser's latest words ({@link #heard}) are a complete
 * utterance, the shorter {@code completeUtteranceSilence} ends it instead: a question answers sooner,
 * a caller pausing after "my order number is" has the longer {@code unfinishedUtteranceSilence} to
 * go on; complete words that are only a lead-in ("yes", "okay") wait at least {@link
 * #LEAD_IN_SILENCE_MILLIS}, a caller's pause at the comma after one. Over the bot, speech barges in
 * once a word other than a backchannel is heard ({@link #isBargeIn}). A call takes its tenant's
 * waits and backchannels once it knows its session's configuration ({@link #use}, {@link
 * #backchannels}). Not thread-safe: one per caller.
 */
public final class TurnDetector {
  /** What a frame changed, if anything; each is signalled once per utterance. */
  public enum Signal {
    NONE,
    SPEECH_STARTED,
    UTTERANCE_ENDED
  }

  /** Quiet that confirms a recogniser's end of speech: longer than a pause between words. */
  public static final long QUIET_FOR_RECOGNISER_MILLIS = 300;
  /**
   * Speech after the recogniser's latest words beyond which they are stale: the caller said more
   * than the recogniser has reported yet ("with" after a partial "i need help"), so whether it is
   * complete is not known. A word is longer than this; a word's voiced tail after its partial is not.
   */
  static final long STALE_AFTER_SPEECH_MILLIS = 80;

  /**
   * Speech after the recogniser's latest words within which a backchannel among them is still what
   * the caller is saying ("yeah yeah okay" goes on being one): a recogniser reports a word's partial
   * every few frames.
   */
  static final long CURRENT_BACKCHANNEL_MILLIS = 300;
  /** Speech after words that are no backchannel that confirms them: a recogniser revises a wrong guess sooner. */
  static final long CONFIRMED_WORDS_MILLIS = 100;
  /**
   * Speech after which the recogniser's first words of an utterance are a late guess: on a hum it
   * hears no word for long, then guesses ("i'm american" on Vosk's way to "mmhmm", which may stand
   * for 250 ms of speech), where a spoken word is heard within a few hundred milliseconds. Vosk's
   * guess at the test voice's one-second "Mm-hm." comes 500 to 900 ms into it, sooner the faster the
   * machine: a bound above 500 ms takes a fast machine's guess for words and barges in.
   */
  static final long LATE_FIRST_WORDS_MILLIS = 400;
  /** Speech after a late guess that confirms it. */
  static final long CONFIRMED_GUESS_MILLIS = 400;
  /**
   * The least silence that ends complete words that are only a lead-in ("yes", "okay", "no": {@link
   * UtteranceCompleteness#leadsIn}), when the complete wait is shorter: a caller often pauses at the
   * comma after one and goes on ("yes, that is fine"), and taking the lead-in for the turn answers
   * half the caller's words and makes the rest a turn of its own. The synthetic voices pause 160 to
   * 400 ms there (espeak-ng, flite, the test voice); flite's "Yes, … that is right." needs more
   * than 300 ms (docs/voice.md, "Turn-taking figures"). Shorter than the full silence, so a lone
   * "yes" still ends sooner than a statement.
   */
  static final long LEAD_IN_SILENCE_MILLIS = 400;

  private TurnSettings settings;
  private long minSpeechMillis;
  private long endOfUtteranceMillis;
  private long bargeInMillis;
  private long completeSilenceMillis;
  private long unfinishedSilenceMillis;
  private long backchannelMaxMillis;

  private boolean speaking;
  /** Speech in the current utterance, or in the run of speech that may become one. */
  private long speechMillis;
  /** Below {@code deactivation} since the utterance's last speech. */
  private long silenceMillis;
  /** The words {@link UtteranceCompleteness} reads: the conversation's language's, English until it is known. */
  private LanguagePack words = LanguagePack.english();
  /** A tenant's own backchannels by language, instead of its language pack's. */
  private Map<String, List<String>> ownBackchannels = Map.of();
  /** The backchannels of the caller's language: the tenant's, else the pack's. */
  private Phrases backchannelWords = words.phrases("turn.backchannels");
  private String heard = "";
  private boolean heardComplete;
  private boolean heardGoesOn;
  /** The words heard so far are only a lead-in ("yes", "well"), which a caller often goes on from. */
  private boolean heardLeadIn;
  /** The words heard so far are, or begin, a backchannel ("mm-hm", "i" of "i see"): no reason yet to stop the bot. */
  private boolean heardBackchannel;
  /** The recogniser has audio of the caller's it has not decoded yet: it knows less than was said. */
  private boolean recogniserBehind;
  /** Speech since the recogniser's latest words came. */
  private long speechSinceHeardMillis;
  /** Whether the words heard are the utterance's first, heard late ({@link #LATE_FIRST_WORDS_MILLIS}). */
  private boolean heardLate;
  /** The current utterance from its first voiced frame to its latest, pauses inside it included. */
  private long spokenMillis;
  /** The same of the utterance that ended last. */
  private long lastUtteranceMillis;

  public TurnDetector(TurnSettings settings) {
    use(settings);
  }

  /** Ends turns and barges in by {@code settings} from the next frame on (a tenant's, once the call knows them). */
  public void use(TurnSettings settings) {
    this.settings = settings;
    this.minSpeechMillis = settings.minSpeech().toMillis();
    this.endOfUtteranceMillis = settings.endOfUtterance().toMillis();
    this.bargeInMillis = settings.bargeInMinSpeech().toMillis();
    this.completeSilenceMillis = settings.completeUtteranceSilence().toMillis();
    this.unfinishedSilenceMillis = settings.unfinishedUtteranceSilence().toMillis();
    this.backchannelMaxMillis = settings.backchannelMaxSpeech().toMillis();
  }

  public Signal onFrame(double speechProbability, int frameMillis) {
    if (frameMillis <= 0) throw new IllegalArgumentException("frameMillis must be positive, got " + frameMillis);
    // Once speech has begun, the lower threshold keeps it going (hysteresis).
    boolean voiced = speechProbability >= (speechMillis > 0 ? settings.deactivation() : settings.activation());
    return speaking ? maybeEnd(voiced, frameMillis) : maybeStart(voiced, frameMillis);
  }

  /** An utterance has started and not yet ended. */
  public boolean speaking() {
    return speaking;
  }

  /** Speech in the current utterance so far, including the {@code minSpeech} that started it; 0 when idle. */
  public long speechMillis() {
    return speaking ? speechMillis : 0;
  }

  /**
   * How long the caller spoke the utterance that ended last: from its first voiced frame to its
   * last, so the pauses between its words count and the silence that ended it does not; 0 before
   * any ended.
   */
  public long lastUtteranceMillis() {
    return lastUtteranceMillis;
  }

  /**
   * The current utterance interrupts the bot: {@code bargeInMinSpeech} of speech in which the
   * recogniser heard a word that is not a backchannel ("no", "wait") and the caller went on voicing
   * for {@link #CONFIRMED_WORDS_MILLIS} since ({@link #CONFIRMED_GUESS_MILLIS} after the utterance's
   * first words heard late), or {@code backchannelMaxSpeech} of it with no words
   * heard. Words that are a backchannel hold it while the recogniser keeps up with the audio, or
   * while they are current (no more than {@link #CURRENT_BACKCHANNEL_MILLIS} of speech behind). A
   * recogniser's passing guess at a hum ("i'm american" on Vosk's way to "mm hm") is revised before
   * it is confirmed, or comes in the quiet after it.
   */
  public boolean isBargeIn() {
    if (!speaking || speechMillis < bargeInMillis) return false;
    if (heard.isBlank()) return speechMillis >= backchannelMaxMillis;
    if (heardBackchannel) {
      return speechMillis >= backchannelMaxMillis && recogniserBehind && speechSinceHeardMillis > CURRENT_BACKCHANNEL_MILLIS;
    }
    long confirming = heardLate ? CONFIRMED_GUESS_MILLIS : CONFIRMED_WORDS_MILLIS;
    return (silenceMillis == 0 && speechSinceHeardMillis >= confirming) || speechMillis >= backchannelMaxMillis;
  }

  /** Whether {@code text}, words of this caller's, is only a backchannel in their language ({@link Backchannels}). */
  public boolean isBackchannel(String text) {
    return Backchannels.isBackchannel(text, words, backchannelWords);
  }

  /** A tenant's backchannels by language (ISO 639-1), instead of the language pack's in each language listed. */
  public void backchannels(Map<String, List<String>> byLanguage) {
    ownBackchannels = Map.copyOf(byLanguage);
    backchannelWords = backchannelsOf(words);
  }

  private Phrases backchannelsOf(LanguagePack pack) {
    List<String> own = ownBackchannels.get(pack.language());
    return own == null ? pack.phrases("turn.backchannels") : Phrases.parse(String.join(",", own));
  }

  /**
   * The recogniser heard the speaker stop: the utterance ends now if the frames agree, quiet for
   * {@link #QUIET_FOR_RECOGNISER_MILLIS} or half the end-of-utterance silence if that is shorter
   * (a gap between words is no end); else nothing. Not when its latest words end in a way that
   * goes on ({@link UtteranceCompleteness#goesOn}): a recogniser ends its own segment at a pause
   * after "my order number is" too, and only the full silence may cut the caller off there.
   */
  public Signal endIfQuiet() {
    if (!speaking || silenceMillis < Math.min(QUIET_FOR_RECOGNISER_MILLIS, endOfUtteranceMillis / 2)) return Signal.NONE;
    if (heardGoingOn()) return Signal.NONE;
    endNow();
    return Signal.UTTERANCE_ENDED;
  }

  /**
   * The recogniser's words for the current utterance so far (a partial transcript, repeated or not):
   * whether they are complete decides which silence ends it. Ignored between utterances.
   */
  public void heard(String words) {
    if (!speaking || words.equals(heard)) return;
    heardLate = heard.isBlank() && speechMillis >= LATE_FIRST_WORDS_MILLIS;
    heard = words;
    heardComplete = UtteranceCompleteness.isComplete(words, this.words);
    heardGoesOn = UtteranceCompleteness.goesOn(words, this.words);
    heardLeadIn = UtteranceCompleteness.leadsIn(words, this.words);
    heardBackchannel = Backchannels.mayBeBackchannel(words, this.words, backchannelWords);
    speechSinceHeardMillis = 0;
  }

  /**
   * Whether the recogniser is behind the audio (a loaded node): it has no words for a pause yet, so
   * whether the caller is done is not known and the longer silence ends the utterance. Its final
   * transcript could not come sooner anyway.
   */
  public void recogniserBehind(boolean behind) {
    recogniserBehind = behind;
  }

  /** The caller speaks the language of {@code pack}: the next words heard are read in it. */
  public void speaks(LanguagePack pack) {
    words = pack;
    backchannelWords = backchannelsOf(pack);
  }

  private void endNow() {
    lastUtteranceMillis = spokenMillis;
    spokenMillis = 0;
    speaking = false;
    speechMillis = 0;
    silenceMillis = 0;
    heard = "";
    heardComplete = false;
    heardGoesOn = false;
    heardLeadIn = false;
    heardBackchannel = false;
    heardLate = false;
    speechSinceHeardMillis = 0;
  }

  /** The recogniser's current words, not yet overtaken by more speech, end in a way that goes on. */
  private boolean heardGoingOn() {
    return heardGoesOn && speechSinceHeardMillis <= STALE_AFTER_SPEECH_MILLIS;
  }

  private boolean endsComplete() {
    long needed = heardLeadIn ? Math.max(completeSilenceMillis, LEAD_IN_SILENCE_MILLIS) : completeSilenceMillis;
    return completeSilenceMillis > 0 && heardComplete && speechSinceHeardMillis <= STALE_AFTER_SPEECH_MILLIS
        && silenceMillis >= needed;
  }

  private Signal maybeStart(boolean voiced, int frameMillis) {
    if (!voiced) {
      speechMillis = 0; // a gap: what came before was too short to be speech
      return Signal.NONE;
    }
    speechMillis += frameMillis;
    if (speechMillis < minSpeechMillis) return Signal.NONE;
    speaking = true;
    spokenMillis = speechMillis;
    silenceMillis = 0;
    return Signal.SPEECH_STARTED;
  }

  private Signal maybeEnd(boolean voiced, int frameMillis) {
    if (voiced) {
      speechMillis += frameMillis;
      speechSinceHeardMillis += frameMillis;
      spokenMillis += silenceMillis + frameMillis;
      silenceMillis = 0;
      return Signal.NONE;
    }
    silenceMillis += frameMillis;
    long silenceNeeded = heardGoingOn() || recogniserBehind ? unfinishedSilenceMillis : endOfUtteranceMillis;
    if (silenceMillis < silenceNeeded && !endsComplete()) return Signal.NONE;
    endNow();
    return Signal.UTTERANCE_ENDED;
  }
}
