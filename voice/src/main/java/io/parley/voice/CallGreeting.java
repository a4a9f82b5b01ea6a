package io.parley.voice;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import io.parley.sessions.SessionInfo;
import io.parley.voice.speech.SpeechLanguage;
import java.util.Optional;

/**
 * What a call says first, once, in the conversation's language: the edge's greeting (a phone
 * call's), or the tenant's when its configuration has one: on a phone call instead of the edge's,
 * on a voice start only while the conversation is still empty (later it would interrupt it). The
 * tenant's greeting is the one a chat in that language opens with: its greeting for the language
 * ({@code texts}), else its greeting. The edge's greeting, the node's, is English: a conversation
 * in a language the packs have hears the pack's {@code call.greeting} instead. It waits for the
 * call's first join of the session, which brings the session's configuration and the conversation's
 * language as it then is (known or not). Not thread-safe: one call's actor.
 */
final class CallGreeting {
  private Optional<String> asked = Optional.empty();
  private boolean asGiven;
  private Optional<SessionInfo> joined = Optional.empty();
  private boolean emptyAtStart;
  private Optional<Optional<LanguageTag>> language = Optional.empty();
  private Optional<String> spoken = Optional.empty();

  /** The edge asks the call to greet with {@code text}; returns the greeting to speak now, if any. */
  Optional<String> asked(String text) {
    return asked(text, false);
  }

  /**
   * {@code asGiven}: {@code text} is said as it is, in no one's place (a message left on an
   * answering machine, which the tenant wrote for the call): neither the tenant's greeting nor a pack's.
   */
  Optional<String> asked(String text, boolean asGiven) {
    asked = Optional.of(text);
    this.asGiven = asGiven;
    return due();
  }

  /**
   * The session's configuration, lead score and language are known (again, after the session moved);
   * returns the greeting to speak now, if any. The greeting's language is the one of the first join.
   */
  Optional<String> joined(SessionInfo info) {
    if (joined.isEmpty()) {
      emptyAtStart = info.lastSeq() == 0;
      language = Optional.of(info.language().flatMap(LanguageTag::parse));
    }
    joined = Optional.of(info);
    return due();
  }

  /** The greeting as it was spoken, for the session to store once it begins to play. */
  String text() {
    return spoken.orElseThrow();
  }

  private Optional<String> due() {
    if (spoken.isPresent() || joined.isEmpty() || language.isEmpty()) return Optional.empty();
    if (asGiven) {
      spoken = asked;
      return spoken;
    }
    Optional<LanguageTag> tag = language.get();
    Optional<BotConfig> config = joined.get().botConfig().map(PinnedBotConfig::config);
    Optional<String> tenantGreeting = config.flatMap(tenant ->
        tag.flatMap(known -> tenant.textOverrides().greeting(known)).or(tenant::greeting));
    Optional<String> edgeGreeting = asked.map(text -> inLanguage(text, tag, config));
    spoken = tenantGreeting.filter(text -> edgeGreeting.isPresent() || emptyAtStart).or(() -> edgeGreeting);
    return spoken;
  }

  /** The edge's greeting, or the pack's in a conversation whose language has a pack other than English. */
  private static String inLanguage(String edgeGreeting, Optional<LanguageTag> tag, Optional<BotConfig> config) {
    Wording wording = Wording.of(tag, config);
    boolean ownPack = tag.filter(known -> known.primary().equals(wording.language())).isPresent();
    return ownPack && !SpeechLanguage.isEnglish(wording.language()) ? wording.text("call.greeting") : edgeGreeting;
  }
}
