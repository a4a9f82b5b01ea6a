package io.parley.voice.media;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Phrases;
import io.parley.core.language.Words;
import java.util.List;

/**
 * Whether a caller's words are only a backchannel: "mm-hm", "yeah", "okay", "genau", "vale", said
 * over the bot to show they are listening, not to take the turn. Said while the bot speaks, such
 * words do not stop it and are not posted as a message; any other word ("no", "wait", "stop") is an
 * interruption. The words are the conversation's language pack's {@code turn.backchannels} and its
 * hesitations ({@code turn.fillers}); a pack without backchannels (a language not yet listed) knows
 * only its hesitations. A tenant may list its own backchannels for a language instead of the pack's
 * (its {@code voice.turns.backchannels}). Matching folds case and accents. Pure.
 */
public final class Backchannels {
  private Backchannels() {}

  /** Whether {@code text} has words and each is a backchannel or a hesitation in {@code pack}'s language. */
  public static boolean isBackchannel(String text, LanguagePack pack) {
    return isBackchannel(text, pack, pack.phrases("turn.backchannels"));
  }

  /** Whether {@code text} has words and each is one of {@code backchannels} or a hesitation in {@code pack}'s language. */
  public static boolean isBackchannel(String text, LanguagePack pack, Phrases backchannels) {
    return read(text, pack, backchannels, false);
  }

  /**
   * Whether {@code text}, words heard so far, may still become a backchannel: it is one, or its last
   * words begin one ("i" of "i see", "alles" of "alles klar"), the rest not yet said.
   */
  public static boolean mayBeBackchannel(String text, LanguagePack pack) {
    return mayBeBackchannel(text, pack, pack.phrases("turn.backchannels"));
  }

  /** As {@link #mayBeBackchannel(String, LanguagePack)}, with {@code backchannels} instead of the pack's. */
  public static boolean mayBeBackchannel(String text, LanguagePack pack, Phrases backchannels) {
    return read(text, pack, backchannels, true);
  }

  private static boolean read(String text, LanguagePack pack, Phrases backchannels, boolean unfinished) {
    List<String> words = Words.words(text);
    if (words.isEmpty()) return false;
    Phrases fillers = pack.phrases("turn.fillers");
    int at = 0;
    while (at < words.size()) {
      int length = Math.max(backchannels.length(words, at), fillers.length(words, at));
      if (length == 0) return unfinished && begins(backchannels, words.subList(at, words.size()));
      at += length;
    }
    return true;
  }

  /** Whether {@code words} are the first words of a longer one of {@code phrases}. */
  private static boolean begins(Phrases phrases, List<String> words) {
    return phrases.phrases().stream()
        .anyMatch(phrase -> phrase.size() > words.size() && phrase.subList(0, words.size()).equals(words));
  }
}
