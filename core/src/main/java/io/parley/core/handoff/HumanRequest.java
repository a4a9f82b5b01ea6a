package io.parley.core.handoff;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Phrases;
import io.parley.core.language.Words;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether a customer's message asks for a person: "can I talk to a human?", "connect me with an
 * agent", "Ich möchte mit einem Menschen sprechen", or just "agent please". A question about the
 * bot ("are you a human?") or a refusal ("I don't need a person") is not a request. Words, not a
 * model: the answer must be the same on every node and cost nothing, and a missed request costs the
 * customer one more sentence, which the bot can still answer by escalating.
 *
 * <p>The words are the conversation's language pack's ({@code human.*} keys): within one clause, an
 * asking word ({@code human.asking}) followed within {@code human.window.before} words by a person
 * ({@code human.people}), or, for languages that put the verb last, a person followed within
 * {@code human.window.after} words by an asking word, with no refusal ({@code human.refusal}) just
 * before; or a clause of nothing but a person and fillers ({@code human.alone}). Phrases in
 * {@code human.unrelated} ("travel agent", "human resources") never count as a person.
 */
public final class HumanRequest {
  private static final int REFUSAL_REACH = 5;

  private HumanRequest() {}

  /** In English. */
  public static boolean asks(String text) {
    return asks(text, LanguagePack.english());
  }

  public static boolean asks(String text, LanguagePack pack) {
    for (List<String> clause : Words.clauses(text)) {
      if (asks(clause, pack)) return true;
    }
    return false;
  }

  private static boolean asks(List<String> clause, LanguagePack pack) {
    List<String> words = withoutUnrelated(clause, pack.phrases("human.unrelated"));
    Phrases people = pack.phrases("human.people");
    Phrases asking = pack.phrases("human.asking");
    if (onlyPersonAndFillers(words, people, pack.phrases("human.alone"))) return true;
    int before = pack.number("human.window.before", 6);
    int after = pack.number("human.window.after", 0);
    Phrases refusal = pack.phrases("human.refusal");
    for (int p = 0; p < words.size(); p++) {
      if (people.length(words, p) == 0) continue;
      for (int a = Math.max(0, p - before); a < Math.min(words.size(), p + after + 1); a++) {
        if (a != p && asking.length(words, a) > 0 && !refused(words, Math.min(a, p), Math.max(a, p), refusal)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean onlyPersonAndFillers(List<String> words, Phrases people, Phrases fillers) {
    boolean person = false;
    int at = 0;
    while (at < words.size()) {
      int personWords = people.length(words, at);
      int fillerWords = fillers.length(words, at);
      if (personWords == 0 && fillerWords == 0) return false;
      person |= personWords > 0;
      at += Math.max(personWords, fillerWords);
    }
    return person;
  }

  private static boolean refused(List<String> words, int first, int last, Phrases refusal) {
    for (int at = Math.max(0, first - REFUSAL_REACH); at < last; at++) {
      if (refusal.length(words, at) > 0) return true;
    }
    return false;
  }

  private static List<String> withoutUnrelated(List<String> clause, Phrases unrelated) {
    if (unrelated.isEmpty()) return clause;
    List<String> words = new ArrayList<>(clause);
    for (int at = 0; at < words.size(); at++) {
      int length = unrelated.length(words, at);
      // A blank stays in place, so the words around it keep their distance.
      if (length > 0) Collections.fill(words.subList(at, at + length), "");
    }
    return words;
  }
}
