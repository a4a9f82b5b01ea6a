package io.parley.bench.turns;

import io.parley.core.language.LanguagePack;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.Pcm16;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A caller's phrases played frame by frame to the energy detector and a {@link TurnDetector}, with
 * the words a streaming recogniser would report: each word of a phrase becomes known {@link
 * #RECOGNISER_LAG_MILLIS} after its share of the phrase's audio has played (a phrase's words spread
 * evenly over it), added to the words of the phrases before. The figures are the turn rules' and the
 * voice-activity detector's, not a recogniser's accuracy.
 */
final class HeardCaller {
  /** How far a streaming recogniser's partial words trail the audio on an unloaded node. */
  static final long RECOGNISER_LAG_MILLIS = 200;
  private static final int FRAME_MILLIS = 20;
  private static final int FRAME = CorpusVoice.RATE / 50;

  /** What the detector did: when utterances ended, when it first barged in (-1: never), in ms of the audio. */
  record Heard(List<Long> ends, long bargeInMillis, long speechStartMillis) {}

  private record Word(long atMillis, String text) {}

  private HeardCaller() {}

  /**
   * Plays {@code phrases}, {@code pauseMillis} apart, then 2 s of silence; {@code withWords} tells
   * the detector the words as they become known.
   */
  static Heard hear(List<short[]> phrases, List<String> texts, long pauseMillis, String language,
      TurnSettings settings, boolean withWords) {
    List<Word> words = new ArrayList<>();
    List<short[]> parts = new ArrayList<>();
    long at = 0;
    StringBuilder before = new StringBuilder();
    for (int i = 0; i < phrases.size(); i++) {
      if (i > 0) {
        parts.add(new short[(int) (CorpusVoice.RATE * pauseMillis / 1000)]);
        at += pauseMillis;
      }
      long length = phrases.get(i).length * 1000L / CorpusVoice.RATE;
      String[] spoken = texts.get(i).strip().split("\\s+");
      for (int w = 0; w < spoken.length; w++) {
        before.append(before.isEmpty() ? "" : " ").append(spoken[w]);
        words.add(new Word(at + length * (w + 1) / spoken.length + RECOGNISER_LAG_MILLIS, before.toString()));
      }
      parts.add(phrases.get(i));
      at += length;
    }
    parts.add(new short[CorpusVoice.RATE * 2]);
    short[] audio = Pcm16.concat(parts);

    TurnDetector detector = new TurnDetector(settings);
    detector.speaks(LanguagePack.find(language).orElseThrow());
    EnergyVoiceActivity energy = EnergyVoiceActivity.defaults(CorpusVoice.RATE);
    List<Long> ends = new ArrayList<>();
    long bargeIn = -1;
    long speechStart = -1;
    int next = 0;
    for (int i = 0; i + FRAME <= audio.length; i += FRAME) {
      long millis = (long) i / FRAME * FRAME_MILLIS;
      while (next < words.size() && words.get(next).atMillis() <= millis) {
        if (withWords) detector.heard(words.get(next).text());
        next++;
      }
      TurnDetector.Signal signal = detector.onFrame(energy.probability(Arrays.copyOfRange(audio, i, i + FRAME)), FRAME_MILLIS);
      if (signal == TurnDetector.Signal.SPEECH_STARTED && speechStart < 0) speechStart = millis + FRAME_MILLIS;
      if (signal == TurnDetector.Signal.UTTERANCE_ENDED) ends.add(millis + FRAME_MILLIS);
      if (bargeIn < 0 && detector.isBargeIn()) bargeIn = millis + FRAME_MILLIS;
    }
    return new Heard(ends, bargeIn, speechStart);
  }
}
