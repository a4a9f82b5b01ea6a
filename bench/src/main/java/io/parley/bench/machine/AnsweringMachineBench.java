package io.parley.bench.machine;

import io.parley.bench.turns.CorpusVoice;
import io.parley.voice.media.G711;
import io.parley.voice.media.Pcm16;
import io.parley.voice.phone.machine.AnsweringMachineDetector;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Heard;
import io.parley.voice.phone.machine.AnsweringMachineDetector.MessageCue;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Result;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * How well the answering-machine detector tells people from machines, on the answering-machine
 * corpus ({@code answering-machine/greetings.tsv}, written by {@code bench/answering-machine/generate.py}):
 * each greeting said by flite (English) or espeak-ng (German, Spanish) at 8 kHz, a machine's followed
 * by its beep, a person's by their pause and their silence, with faint line noise, through A-law,
 * and played frame by frame to {@link AnsweringMachineDetector}. Precision is the share of
 * {@code machine} verdicts that were machines, recall the share of machines given one; a machine's
 * message is on cue when it starts after the beep's end (within 300 ms) or, without a beep, after
 * its greeting ended. Pure computation, no clock: the figures do not depend on the machine's load.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * java -cp bench/target/benchmarks.jar io.parley.bench.machine.AnsweringMachineBench
 * </pre>
 */
public final class AnsweringMachineBench {
  private static final int RATE = CorpusVoice.RATE;
  private static final int FRAME = RATE / 50;
  private static final int HUMAN_WAITS_MILLIS = 4000;
  private static final int MACHINE_RECORDS_MILLIS = 3000;
  private static final int BEEP_AMPLITUDE = 8000;
  private static final int NOISE_AMPLITUDE = 40;
  private static final int CUE_WITHIN_MILLIS = 300;

  private AnsweringMachineBench() {}

  public static void main(String[] args) throws Exception {
    run();
  }

  /** Counts per language, and over all of them ({@code all}). */
  static final class Tally {
    int humans;
    int machines;
    int machinesCalledMachine;
    int humansCalledMachine;
    int unsure;
    int onCue;
    final List<Long> humanVerdictAfter = new ArrayList<>();
    final List<Long> machineVerdictAfter = new ArrayList<>();
    final List<String> missed = new ArrayList<>();

    double precision() {
      int called = machinesCalledMachine + humansCalledMachine;
      return called == 0 ? 1 : (double) machinesCalledMachine / called;
    }

    double recall() {
      return machines == 0 ? 1 : (double) machinesCalledMachine / machines;
    }
  }

  /** Measures the corpus and prints its table; returns the counts by language, {@code all} last. */
  static Map<String, Tally> run() throws Exception {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    Random noise = new Random(7);
    for (String[] row : rows()) {
      String language = row[0];
      boolean machine = row[1].equals("machine");
      long pause = Long.parseLong(row[2]);
      int beepHz = Integer.parseInt(row[3]);
      int beepMillis = Integer.parseInt(row[4]);
      List<short[]> parts = new ArrayList<>();
      for (String phrase : row[5].split("\\|")) {
        if (!parts.isEmpty()) parts.add(silence(pause));
        parts.add(CorpusVoice.say(language, phrase.strip()));
      }
      long greetingEnd = millis(Pcm16.concat(parts));
      long beepEnd = -1;
      if (machine) {
        parts.add(silence(pause));
        if (beepHz > 0) {
          parts.add(tone(beepHz, beepMillis));
          beepEnd = greetingEnd + pause + beepMillis;
        }
        parts.add(silence(MACHINE_RECORDS_MILLIS));
      } else {
        parts.add(silence(HUMAN_WAITS_MILLIS));
      }
      Heard[] heard = hear(line(Pcm16.concat(parts), noise));
      Verdict verdict = (Verdict) heard[0];
      for (Tally tally : List.of(tallies.computeIfAbsent(language, l -> new Tally()),
          tallies.computeIfAbsent("all", l -> new Tally()))) {
        if (verdict.result() == Result.UNSURE) tally.unsure++;
        (machine ? tally.machineVerdictAfter : tally.humanVerdictAfter).add(verdict.atMillis());
        boolean calledMachine = verdict.result() == Result.MACHINE;
        if (machine) {
          tally.machines++;
          if (calledMachine) tally.machinesCalledMachine++;
          if (!calledMachine) tally.missed.add(language + " machine: " + row[5] + " (" + verdict.reason() + ")");
          if (calledMachine && onCue((MessageCue) heard[1], beepEnd, greetingEnd)) tally.onCue++;
        } else {
          tally.humans++;
          if (calledMachine) {
            tally.humansCalledMachine++;
            tally.missed.add(language + " human: " + row[5] + " (" + verdict.reason() + ")");
          }
        }
      }
    }
    Map<String, Tally> ordered = new LinkedHashMap<>(tallies);
    ordered.remove("all");
    ordered.put("all", tallies.get("all"));
    print(ordered);
    return ordered;
  }

  private static void print(Map<String, Tally> tallies) {
    System.out.println("| language | people | machines | machine precision | recall | unsure (the bot talks) |"
        + " verdict after the answer p50, people | machines | messages on cue |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    tallies.forEach((language, t) -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %d | %d ms | %d ms | %d of %d |%n",
        language, t.humans, t.machines, t.precision(), t.recall(), t.unsure, median(t.humanVerdictAfter),
        median(t.machineVerdictAfter), t.onCue,
        t.machinesCalledMachine));
    tallies.get("all").missed.forEach(miss -> System.out.println("wrong: " + miss));
  }

  /** The verdict, and a machine's cue (null when there is none), as the detector told them. */
  private static Heard[] hear(short[] audio) {
    AnsweringMachineDetector detector = new AnsweringMachineDetector();
    Heard[] heard = new Heard[2];
    for (int at = 0; at + FRAME <= audio.length && heard[1] == null; at += FRAME) {
      Optional<Heard> told = detector.frame(Arrays.copyOfRange(audio, at, at + FRAME));
      if (told.isPresent()) heard[told.get() instanceof Verdict ? 0 : 1] = told.get();
    }
    if (heard[0] == null) throw new IllegalStateException("no verdict on a corpus greeting");
    return heard;
  }

  /** After the beep's end, else after the greeting's; never more than 300 ms after the beep. */
  private static boolean onCue(MessageCue cue, long beepEnd, long greetingEnd) {
    if (cue == null) return false;
    if (beepEnd >= 0) return cue.atMillis() >= beepEnd && cue.atMillis() <= beepEnd + CUE_WITHIN_MILLIS;
    return cue.atMillis() >= greetingEnd;
  }

  /** The audio as a phone line brings it: faint noise, then A-law there and back. */
  private static short[] line(short[] audio, Random noise) {
    short[] noisy = new short[audio.length];
    for (int i = 0; i < audio.length; i++) {
      noisy[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, audio[i] + noise.nextGaussian() * NOISE_AMPLITUDE));
    }
    return G711.alawDecode(G711.alawEncode(noisy));
  }

  private static short[] silence(long millis) {
    return new short[(int) (millis * RATE / 1000)];
  }

  private static short[] tone(int hz, int millis) {
    short[] tone = new short[millis * RATE / 1000];
    for (int i = 0; i < tone.length; i++) tone[i] = (short) (BEEP_AMPLITUDE * Math.sin(2 * Math.PI * hz * i / RATE));
    return tone;
  }

  private static long millis(short[] samples) {
    return samples.length * 1000L / RATE;
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) return -1;
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static List<String[]> rows() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(AnsweringMachineBench.class.getClassLoader()
        .getResourceAsStream("answering-machine/greetings.tsv"), StandardCharsets.UTF_8))) {
      return in.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.split("\t", -1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
