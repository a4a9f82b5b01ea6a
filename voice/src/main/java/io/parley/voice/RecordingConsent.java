package io.parley.voice;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.VoicePreferences.Recording;
import io.parley.core.language.Assent;
import io.parley.core.language.LanguagePack;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import io.parley.voice.SpokenQuestions.Voice;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.pattern.StatusReply;

/**
 * A phone call's recording and the caller's consent to it (docs/voice.md#recording), by the tenant's
 * {@code voice.recording} as the session's configuration has it at the call's first join. With
 * {@code announce} the caller hears "this call is recorded" in the conversation's language after the
 * greeting, and the recording begins. With {@code ask} the caller is asked after the greeting, and
 * their next utterance begun once they could hear the question answers instead of becoming a message
 * ({@link Assent#toRecording}): yes records from then on; no, in any language the bot speaks, does
 * not, and the conversation goes on. An unclear answer is asked once more (its answer, too, the
 * words begun since the first asking could be heard), and a second one counts as no, for nothing
 * is recorded on an unclear word, and goes on to the session as the caller's message. Each step
 * goes to the edge ({@link VoiceOutput.ConsentToRecord}), which records, and is noted in the
 * session. A browser's call records nothing, and so says nothing of it. Not thread-safe: one call's
 * actor.
 */
final class RecordingConsent implements SpokenQuestions.Question {
  /** What the call says of the recording is spoken under this key: no turn of the session. */
  static final String KEY = "recording";
  /** The question asked once more is spoken under a key of its own, to be heard whole again. */
  static final String AGAIN = "recording-again";

  /** Where the question stands. */
  private enum Step {
    /** Not asked: nothing to ask (announced, off, a browser), or the configuration not known yet. */
    NONE,
    /** Queued, not begun to play: the caller's words meanwhile answer something else. */
    QUEUED,
    ASKING,
    /** Asked once more after an unclear answer, not begun to play: the first asking takes the words. */
    QUEUED_AGAIN,
    ASKING_AGAIN,
    ANSWERED;

    boolean waitsForAnswer() {
      return this == ASKING || this == QUEUED_AGAIN || this == ASKING_AGAIN;
    }
  }

  private final boolean phone;
  private final Voice voice;
  private final Function<String, String> text;
  private final Supplier<LanguagePack> words;
  private final Consumer<String> noted;
  private boolean configured;
  private Step step = Step.NONE;
  /** From when the caller hears the question: their words begun then may answer it, or the one asked again. */
  private long audibleFrom;

  /**
   * A phone call's ({@code phone}) or a browser's consent that speaks by {@code voice}, with the
   * call's {@code text} of a key and its {@code words} in the conversation's language, and tells
   * each step ({@link RecordingConsentNoted}) to {@code noted}.
   */
  RecordingConsent(boolean phone, Voice voice, Function<String, String> text, Supplier<LanguagePack> words,
      Consumer<String> noted) {
    this.phone = phone;
    this.voice = voice;
    this.text = text;
    this.words = words;
    this.noted = noted;
  }

  /**
   * The consent of a call on {@code channel} that speaks by {@code speaking} in {@code language},
   * tells its edge on {@code output} and notes in {@code session}; the session's acknowledgements go
   * nowhere (the {@code ctx}'s system's ignoring ref): a note lost with a session that moved is no harm.
   */
  static RecordingConsent of(String channel, SpokenAnswers speaking, CallLanguage language,
      ActorRef<VoiceOutput> output, RecipientRef<SessionCommand> session, ActorContext<?> ctx) {
    ActorRef<StatusReply<Done>> unanswered = ctx.getSystem().ignoreRef();
    Voice voice = new Voice(speaking::sayWhole, speaking::sayWholeAfterTheirWords, speaking::withdraw);
    return new RecordingConsent(channel.equals(Channel.PHONE.wireName()), voice, language::text, language::words,
        consent -> {
          output.tell(new VoiceOutput.ConsentToRecord(consent));
          session.tell(new SessionCommand.NoteRecordingConsent(consent, unanswered));
        });
  }

  /** The session's configuration is known: on the first join, the announcement or the question follows the greeting. */
  void joined(SessionInfo info) {
    if (configured || !phone) return;
    configured = true;
    Recording mode = info.botConfig().map(PinnedBotConfig::config)
        .map(config -> config.voicePreferences().recordingMode()).orElse(Recording.OFF);
    if (mode == Recording.ANNOUNCE) {
      voice.say(KEY, text.apply("voice.recording.announce"));
      noted.accept(RecordingConsentNoted.ANNOUNCED);
    } else if (mode == Recording.ASK) {
      step = Step.QUEUED;
      voice.say(KEY, text.apply("voice.recording.ask"));
      noted.accept(RecordingConsentNoted.ASKED);
    }
  }

  /**
   * The call began to play {@code key}, which the caller hears from {@code audibleNanos}. Once the
   * question begins, the caller's words begun once they hear it answer it, or the one asked again:
   * what they began to say before is no answer to a question they had not heard.
   */
  @Override
  public void started(String key, long audibleNanos) {
    if (step == Step.QUEUED && key.equals(KEY)) {
      step = Step.ASKING;
      audibleFrom = audibleNanos;
    } else if (step == Step.QUEUED_AGAIN && key.equals(AGAIN)) {
      step = Step.ASKING_AGAIN;
    }
  }

  /** Whether the recording's question has begun to play (once at least) and waits for the answer. */
  @Override
  public boolean asking() {
    return step.waitsForAnswer();
  }

  @Override
  public boolean asks(long begunNanos) {
    return asking() && begunNanos >= audibleFrom;
  }

  /**
   * The caller said {@code heard}: whether it answered the question, or made it be asked again, and
   * is therefore no message for the session.
   */
  @Override
  public boolean heard(String heard) {
    if (!asking()) return false;
    Assent answer = Assent.toRecording(heard, words.get());
    if (answer == Assent.UNCLEAR && step == Step.ASKING) {
      step = Step.QUEUED_AGAIN;
      // Not begun before the caller's words are transcribed: those they began before it answer it.
      voice.sayAfterTheirWords(AGAIN, text.apply("voice.recording.ask"));
      return true;
    }
    // Answered before the question asked again began: it is not asked at all.
    if (step == Step.QUEUED_AGAIN) voice.withdraw(AGAIN);
    step = Step.ANSWERED;
    noted.accept(answer == Assent.YES ? RecordingConsentNoted.GIVEN : RecordingConsentNoted.REFUSED);
    // A second unclear answer counts as no, and its words are the caller's message.
    return answer != Assent.UNCLEAR;
  }
}
