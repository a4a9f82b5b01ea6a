package io.parley.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the customer actually heard of a spoken answer, for the conversation history when they cut it
 * short. Audio goes out ahead of playback, so what was sent is not what was heard: a bot that saves
 * the sent text later refers to words never spoken, and one that saves nothing repeats itself. The
 * browser or phone reports how long it has played; this turns that into text.
 *
 * <p>The sentences' audio is laid end to end in the order queued. The one playing at the reported
 * moment counts in proportion to its audio played, cut back to a whole word; if its audio is still
 * being made, its length is estimated from its characters at the speaking rate of the sentences
 * before it. Not thread-safe: the voice pipeline that feeds it owns it, one per answer.
 */
final class PlaybackLedger {
  /** Speaking rate assumed until a sentence's audio is complete: about 150 words a minute. */
  private static final double DEFAULT_CHARS_PER_SECOND = 14;

  private record Sentence(String text, long audioMillis) {}

  private final List<Sentence> sentences = new ArrayList<>();
  /** Whether the latest sentence's audio is all sent; earlier ones are, as audio only goes to the latest. */
  private boolean latestComplete;

  /** The pipeline starts synthesising {@code text}; the audio that follows is this sentence's. */
  public void sentenceQueued(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("a queued sentence must have text");
    sentences.add(new Sentence(text.strip(), 0));
    latestComplete = false;
  }

  /** {@code millis} more of the latest sentence's audio was sent out. */
  public void audioQueued(long millis) {
    if (millis < 0) throw new IllegalArgumentException("millis must not be negative, got " + millis);
    Sentence latest = latest();
    sentences.set(sentences.size() - 1, new Sentence(latest.text(), latest.audioMillis() + millis));
  }

  /** All of the latest sentence's audio has been sent. */
  public void sentenceComplete() {
    latest();
    latestComplete = true;
  }

  /**
   * The text heard after {@code playedMillis} of playback from the start of the answer: whole
   * sentences, then the words of the one playing; "" when nothing was heard.
   */
  public String playedText(long playedMillis) {
    List<String> heard = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < sentences.size() && playedMillis > start; i++) {
      Sentence sentence = sentences.get(i);
      boolean complete = i < sentences.size() - 1 || latestComplete;
      long length = complete ? sentence.audioMillis() : estimatedMillis(sentence);
      long played = Math.min(playedMillis - start, sentence.audioMillis()); // nothing plays before it is sent
      if (complete && played >= length) {
        heard.add(sentence.text());
        start += length;
      } else {
        heard.add(wholeWords(sentence.text(), (double) played / length));
        break;
      }
    }
    return String.join(" ", heard).strip();
  }

  /**
   * Where the sentence playing after {@code playedMillis} ends, in milliseconds from the start of
   * the answer: what a call that must stop soon still plays, never a word of the next sentence.
   * Empty when that sentence's audio is still being made (it plays to the end of what comes).
   */
  public OptionalLong endOfSentenceAt(long playedMillis) {
    long end = 0;
    for (int i = 0; i < sentences.size(); i++) {
      if (i == sentences.size() - 1 && !latestComplete) return OptionalLong.empty();
      end += sentences.get(i).audioMillis();
      if (playedMillis < end) return OptionalLong.of(end);
    }
    return OptionalLong.of(end);
  }

  /** All the audio sent so far, in milliseconds. */
  public long queuedMillis() {
    return sentences.stream().mapToLong(Sentence::audioMillis).sum();
  }

  /** Every sentence queued, whether heard or not. */
  public String fullText() {
    return String.join(" ", sentences.stream().map(Sentence::text).toList());
  }

  private Sentence latest() {
    if (sentences.isEmpty()) throw new IllegalStateException("no sentence has been queued");
    return sentences.get(sentences.size() - 1);
  }

  private long estimatedMillis(Sentence unfinished) {
    long chars = 0;
    long millis = 0;
    for (Sentence sentence : sentences.subList(0, sentences.size() - 1)) {
      chars += sentence.text().length();
      millis += sentence.audioMillis();
    }
    double charsPerSecond = millis > 0 ? chars * 1000.0 / millis : DEFAULT_CHARS_PER_SECOND;
    return Math.max(unfinished.audioMillis(), Math.round(unfinished.text().length() * 1000 / charsPerSecond));
  }

  /** The first {@code share} of the text, cut back to the end of its last whole word. */
  private static String wholeWords(String text, double share) {
    int end = (int) (text.length() * share);
    if (end >= text.length()) return text;
    while (end > 0 && !Character.isWhitespace(text.charAt(end))) end--;
    return text.substring(0, end).strip();
  }
}
