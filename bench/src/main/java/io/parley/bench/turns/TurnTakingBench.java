package io.parley.bench.turns;

import io.parley.voice.media.TurnSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often the turn detector cuts a caller off mid-sentence, and whether it tells a backchannel
 * from an interruption, on the turn-taking corpus ({@code turn-taking/*.tsv}, written by {@code
 * bench/turn-taking/generate.py}): its phrases said by flite and espeak-ng at 8 kHz, played frame by
 * frame to the energy detector and the {@code TurnDetector} ({@link HeardCaller}), once with silence
 * alone (a fixed 600 ms ends a turn, 300 ms of speech barges in) and once with the words as a
 * streaming recogniser reports them and today's defaults. A false cut-off is a turn with a pause
 * mid-sentence that ends before the caller's last phrase; barge-in precision is the share of
 * barge-ins that were interruptions, recall the share of interruptions that barged in. Pure
 * computation, no clock: the figures do not depend on the machine's load.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * java -cp bench/target/benchmarks.jar io.parley.bench.turns.TurnTakingBench
 * </pre>
 */
public final class TurnTakingBench {
  private static final TurnSettings SILENCE_ALONE = new TurnSettings(0.5, 0.35, Duration.ofMillis(200),
      Duration.ofMillis(600), Duration.ofMillis(300));
  private static final TurnSettings WITH_WORDS = TurnSettings.defaults();

  private final Map<String, short[]> said = new HashMap<>();

  private TurnTakingBench() {}

  public static void main(String[] args) throws Exception {
    run();
  }

  /** Measures the corpus and prints its two tables; returns the counts by language, {@code all} last. */
  static Map<String, Tally> run() throws Exception {
    TurnTakingBench bench = new TurnTakingBench();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    bench.turns(rows("turn-taking/turns.tsv"), tallies);
    bench.overlaps(rows("turn-taking/overlaps.tsv"), tallies);
    return allLast(tallies);
  }

  /** Counts per language, and over all of them ({@code all}). */
  static final class Tally {
    int paused;
    int cutAlone;
    int cutWords;
    int complete;
    int completeCutWords;
    final List<Long> endAlone = new ArrayList<>();
    final List<Long> endWords = new ArrayList<>();
    int backchannels;
    int interruptions;
    final int[] bargedAlone = new int[2]; // [backchannels barged in, interruptions barged in]
    final int[] bargedWords = new int[2];
    final List<Long> interruptionAfter = new ArrayList<>();
  }

  private void turns(List<String[]> rows, Map<String, Tally> tallies) throws Exception {
    for (String[] row : rows) {
      String language = row[0];
      List<String> texts = Arrays.stream(row[3].split("\\|")).map(String::strip).toList();
      List<short[]> phrases = new ArrayList<>();
      for (String text : texts) phrases.add(say(language, text));
      long pause = row[2].isEmpty() ? 0 : Long.parseLong(row[2]);
      long lastStart = 0;
      for (int i = 0; i < phrases.size() - 1; i++) lastStart += millis(phrases.get(i)) + pause;
      long spoken = lastStart + millis(phrases.get(phrases.size() - 1));
      HeardCaller.Heard alone = HeardCaller.hear(phrases, texts, pause, language, SILENCE_ALONE, false);
      HeardCaller.Heard words = HeardCaller.hear(phrases, texts, pause, language, WITH_WORDS, true);
      for (Tally tally : List.of(tallies.computeIfAbsent(language, l -> new Tally()),
          tallies.computeIfAbsent("all", l -> new Tally()))) {
        if (row[1].equals("paused")) {
          tally.paused++;
          if (cutOff(alone, lastStart)) tally.cutAlone++;
          if (cutOff(words, lastStart)) tally.cutWords++;
        } else {
          tally.complete++;
          if (words.ends().stream().anyMatch(end -> end < spoken)) tally.completeCutWords++;
          if (!alone.ends().isEmpty()) tally.endAlone.add(alone.ends().get(0) - spoken);
          if (!words.ends().isEmpty()) tally.endWords.add(words.ends().get(0) - spoken);
        }
      }
    }
    System.out.println("| language | turns paused mid-sentence | false cut-offs, silence alone | with words |"
        + " complete turns | cut before their end, with words | end after the last word p50, silence alone | with words |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    allLast(tallies).forEach((language, t) -> System.out.printf(Locale.ROOT, "| %s | %d | %d (%.0f %%) | %d (%.0f %%) | %d | %d | %d ms | %d ms |%n",
        language, t.paused, t.cutAlone, percent(t.cutAlone, t.paused), t.cutWords, percent(t.cutWords, t.paused),
        t.complete, t.completeCutWords, median(t.endAlone), median(t.endWords)));
  }

  private void overlaps(List<String[]> rows, Map<String, Tally> tallies) throws Exception {
    for (String[] row : rows) {
      String language = row[0];
      boolean interruption = row[1].equals("interruption");
      List<short[]> phrase = List.of(say(language, row[2]));
      List<String> text = List.of(row[2]);
      HeardCaller.Heard alone = HeardCaller.hear(phrase, text, 0, language, SILENCE_ALONE, false);
      HeardCaller.Heard words = HeardCaller.hear(phrase, text, 0, language, WITH_WORDS, true);
      int kind = interruption ? 1 : 0;
      for (Tally tally : List.of(tallies.computeIfAbsent(language, l -> new Tally()),
          tallies.computeIfAbsent("all", l -> new Tally()))) {
        if (interruption) {
          tally.interruptions++;
        } else {
          tally.backchannels++;
        }
        if (alone.bargeInMillis() >= 0) tally.bargedAlone[kind]++;
        if (words.bargeInMillis() >= 0) {
          tally.bargedWords[kind]++;
          if (interruption) tally.interruptionAfter.add(words.bargeInMillis() - words.speechStartMillis());
        }
      }
    }
    System.out.println();
    System.out.println("| language | backchannels | interruptions | barge-in precision, silence alone | recall |"
        + " precision with words | recall | interruption stopped the bot after its speech began, p50 |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    allLast(tallies).forEach((language, t) -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %d ms |%n",
        language, t.backchannels, t.interruptions, precision(t.bargedAlone), (double) t.bargedAlone[1] / t.interruptions,
        precision(t.bargedWords), (double) t.bargedWords[1] / t.interruptions, median(t.interruptionAfter)));
  }

  /** The tallies by language as they came, then all languages' together. */
  private static Map<String, Tally> allLast(Map<String, Tally> tallies) {
    Map<String, Tally> ordered = new LinkedHashMap<>(tallies);
    ordered.remove("all");
    ordered.put("all", tallies.get("all"));
    return ordered;
  }

  /** The turn ended before the caller began its last phrase: they were cut off at a pause. */
  private static boolean cutOff(HeardCaller.Heard heard, long lastStart) {
    return heard.ends().stream().anyMatch(end -> end <= lastStart);
  }

  private short[] say(String language, String text) throws Exception {
    String key = language + "\t" + text;
    short[] known = said.get(key);
    if (known != null) return known;
    short[] samples = CorpusVoice.say(language, text);
    said.put(key, samples);
    return samples;
  }

  private static long millis(short[] samples) {
    return samples.length * 1000L / CorpusVoice.RATE;
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  static double precision(int[] barged) {
    int all = barged[0] + barged[1];
    return all == 0 ? 1 : (double) barged[1] / all;
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) return -1;
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static List<String[]> rows(String resource) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        TurnTakingBench.class.getClassLoader().getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      return in.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.split("\t", -1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
