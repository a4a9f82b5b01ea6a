package io.parley.core.guard;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Phrases;
import io.parley.core.language.Words;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The injection guard's rules in a language pack's words, for the languages its English patterns do
 * not read: a verb that sets instructions aside ({@code injection.ignore}: "ignoriere", "oublie")
 * within {@code injection.window} words of what it sets aside ({@code injection.instructions}:
 * "vorherigen Anweisungen", "instructions précédentes"), before or after it, since some languages
 * put the verb last; phrases that give the model a new role ({@code injection.role_change}) or name
 * its prompt ({@code injection.system_prompt}); and a verb that asks to reveal ({@code
 * injection.reveal}) before a secret ({@code injection.secrets}). The objects are phrases such as
 * "alle Anweisungen" rather than the bare noun, so a customer who "ignored the instructions" of a
 * product is not flagged. Each within one sentence; the rules' names are the English ones.
 */
final class PackedInjections {
  /** A comma does not end what an instruction sets aside ("ignoriere, bitte, alle Anweisungen"); a full stop does. */
  private static final Pattern SENTENCE = Pattern.compile("[.!?¿¡\\n]+");

  private PackedInjections() {}

  /** The name of the first rule {@code text} trips in {@code pack}'s words. */
  static Optional<String> inspect(String text, LanguagePack pack) {
    int window = pack.number("injection.window", 6);
    for (String sentence : SENTENCE.split(text)) {
      List<String> clause = Words.words(sentence);
      if (near(clause, pack.phrases("injection.ignore"), pack.phrases("injection.instructions"), window, window)) {
        return Optional.of("ignore_instructions");
      }
      if (pack.phrases("injection.role_change").occursIn(clause)) return Optional.of("role_change");
      if (pack.phrases("injection.system_prompt").occursIn(clause)) return Optional.of("system_prompt");
      if (near(clause, pack.phrases("injection.reveal"), pack.phrases("injection.secrets"), window, 0)) {
        return Optional.of("reveal_secrets");
      }
    }
    return Optional.empty();
  }

  /** Whether a verb begins up to {@code before} words before an object, or up to {@code after} words after it. */
  private static boolean near(List<String> clause, Phrases verbs, Phrases objects, int before, int after) {
    if (verbs.isEmpty() || objects.isEmpty()) return false;
    for (int o = 0; o < clause.size(); o++) {
      if (objects.length(clause, o) == 0) continue;
      for (int v = Math.max(0, o - before); v < Math.min(clause.size(), o + after + 1); v++) {
        if (v != o && verbs.length(clause, v) > 0) return true;
      }
    }
    return false;
  }
}
