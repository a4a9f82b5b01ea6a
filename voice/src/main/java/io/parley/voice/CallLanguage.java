package io.parley.voice;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.speech.RecognitionStream;
import java.util.Optional;

/**
 * The language a call hears, speaks and greets in: its conversation's, as the session has decided
 * it (the start's, the tenant's or detected from the caller's words, or typed in the chat beside a
 * browser's call), English until then. The call learns it from the session's join (and each re-join,
 * after the session moved) and from the session's {@code LanguageChanged}, published as it decides
 * or changes it. Once known, and again at each change, the turn detector reads the caller's words
 * in it, the recogniser hears it (the premium service is told it, the local engine takes its model)
 * and the sentences are spoken in it.
 *
 * <p>When the node has no engine that hears or speaks it, the call says so, in that language, by
 * whatever engine it has, never in silence: a browser's call, which has the chat beside it, then
 * ends its voice, and the caller types on; a phone call goes on as well as the engines can.
 * Not thread-safe: one call's actor.
 */
final class CallLanguage {
  /** The turn id of what the call says of a language it cannot talk in: no message of the session. */
  static final String NOTICE = "language";

  /** What the call does for the language. */
  interface Call {
    /** Speaks {@code text}, after what is playing, as {@code key}. */
    void say(String key, String text);
  }

  private final TurnDetector turns;
  private final RecognitionStream recognition;
  private final CallEngines engines;
  private final SpeakingTier tier;
  private final CallGreeting greeting;
  private final String channel;
  private final Call call;
  private Optional<SessionInfo> joined = Optional.empty();
  private Optional<LanguageTag> decided = Optional.empty();
  private boolean noticeDue;
  private boolean hearsIt = true;

  CallLanguage(TurnDetector turns, RecognitionStream recognition, CallEngines engines, SpeakingTier tier,
      CallGreeting greeting, String channel, Call call) {
    this.turns = turns;
    this.recognition = recognition;
    this.engines = engines;
    this.tier = tier;
    this.greeting = greeting;
    this.channel = channel;
    this.call = call;
  }

  /** The conversation's language was decided or changed while the call follows it. */
  void changed(String language) {
    LanguageTag.parse(language).ifPresent(this::follow);
    maybeSayNotice();
  }

  private void follow(LanguageTag tag) {
    if (decided.equals(Optional.of(tag))) return;
    decided = Optional.of(tag);
    turns.speaks(LanguagePack.of(Optional.of(tag)));
    String code = tag.primary();
    recognition.hear(code);
    tier.speaks(code);
    hearsIt = engines.speechToText().hears(code);
    noticeDue = !hearsIt || !engines.textToSpeech().speaks(code);
  }

  /** The words of the conversation's language pack (English's until a language is decided). */
  LanguagePack words() {
    return LanguagePack.of(decided);
  }

  /** The customer's text {@code key} in the conversation's language, in the tenant's wording once the session's configuration is known. */
  String text(String key) {
    return Wording.of(decided, joined.flatMap(SessionInfo::botConfig).map(PinnedBotConfig::config)).text(key);
  }

  /** The session's configuration and language are known (again, after the session moved). */
  void joined(SessionInfo info) {
    joined = Optional.of(info);
    info.language().flatMap(LanguageTag::parse).ifPresent(this::follow);
    // After the voice has the language: the greeting is its first sentence in it.
    greet(greeting.joined(info));
    maybeSayNotice();
  }

  /** The edge's greeting (a phone call's); {@code asGiven}: said as it is (CallGreeting#asked). */
  void greetWith(String text, boolean asGiven) {
    greet(greeting.asked(text, asGiven));
  }

  /** Whether the call's voice ends once {@code turnId} was said: the notice of a browser's call the node cannot hear. */
  boolean endsVoice(String turnId) {
    return turnId.equals(NOTICE) && !hearsIt && !channel.equals(Channel.PHONE.wireName());
  }

  private void greet(Optional<String> text) {
    text.ifPresent(greetingText -> call.say(SessionCommand.PostGreeting.GREETING, greetingText));
  }

  /** Said once both the language and the tenant's wording are known. */
  private void maybeSayNotice() {
    if (!noticeDue || joined.isEmpty()) return;
    noticeDue = false;
    boolean phone = channel.equals(Channel.PHONE.wireName());
    call.say(NOTICE, text(phone ? "voice.language.phone" : "voice.language.chat"));
  }
}
