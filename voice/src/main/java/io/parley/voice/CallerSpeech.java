package io.parley.voice;

import io.parley.voice.media.Resampler;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.VoiceActivityDetector;
import io.parley.voice.media.VoiceActivityStream;
import io.parley.voice.speech.RecognitionStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The caller's side of a call: each 20 ms frame goes through voice-activity detection and the turn
 * detector, and only utterances go to the recogniser (a cough or line noise never costs recognition
 * time). Speech counts as started only after the detector's minimum, so the frames before it are
 * kept as a short pre-roll and sent first: the recogniser hears the first syllable too. Not
 * thread-safe: one call's actor.
 */
final class CallerSpeech implements AutoCloseable {
  private final VoiceActivityStream vad;
  private final UnaryOperator<short[]> toVadRate;
  private final RecognitionStream recognition;
  /**
   * The recogniser's frame, from the call's frame and the detector's: the one at its rate if either
   * is (one resampling serves both), else the call's resampled.
   */
  private final BinaryOperator<short[]> forRecognition;
  private final TurnDetector detector;
  private final int preRollFrames;
  private final Deque<short[]> preRoll = new ArrayDeque<>();
  private long heardMillis;
  private long spokenMillis;

  /**
   * @param callRate the call's audio rate; each frame is resampled to the detector's and the
   *     recogniser's rates where they take another (once, when they take the same: resampling is
   *     most of a frame's CPU)
   * @param recognitionRate the rate {@code recognition} was opened at
   */
  CallerSpeech(int callRate, VoiceActivityDetector detection, RecognitionStream recognition, int recognitionRate,
      TurnDetector detector, int preRollFrames) {
    this.vad = detection.open();
    int vadRate = detection.sampleRateFor(callRate);
    this.toVadRate = Resampler.converting(callRate, vadRate);
    this.recognition = recognition;
    if (recognitionRate == vadRate) {
      this.forRecognition = (call, forVad) -> forVad;
    } else {
      UnaryOperator<short[]> toRecognitionRate = Resampler.converting(callRate, recognitionRate);
      this.forRecognition = (call, forVad) -> toRecognitionRate.apply(call);
    }
    this.detector = detector;
    this.preRollFrames = preRollFrames;
  }

  /** One 20 ms frame at the call's rate; returns what the turn detector made of it. */
  TurnDetector.Signal frame(short[] frame) {
    short[] forVad = toVadRate.apply(frame);
    double speech = vad.speechProbability(forVad);
    detector.recogniserBehind(recognition.behind());
    TurnDetector.Signal signal = detector.onFrame(speech, 20);
    short[] heard = forRecognition.apply(frame, forVad);
    if (signal == TurnDetector.Signal.SPEECH_STARTED) {
      preRoll.forEach(this::recognise);
      preRoll.clear();
    }
    if (detector.speaking() || signal == TurnDetector.Signal.UTTERANCE_ENDED) {
      recognise(heard);
    } else {
      preRoll.add(heard);
      if (preRoll.size() > preRollFrames) preRoll.poll();
    }
    if (signal == TurnDetector.Signal.UTTERANCE_ENDED) utteranceEnded();
    return signal;
  }

  /**
   * The recogniser heard the caller stop: ends the utterance now, without waiting out the rest of
   * the silence, if the caller has been quiet a while ({@link TurnDetector#endIfQuiet}).
   */
  TurnDetector.Signal endIfQuiet() {
    TurnDetector.Signal signal = detector.endIfQuiet();
    if (signal == TurnDetector.Signal.UTTERANCE_ENDED) utteranceEnded();
    return signal;
  }

  private void utteranceEnded() {
    recognition.endUtterance();
    spokenMillis += detector.lastUtteranceMillis();
  }

  /** The recogniser's words so far in the current utterance: complete ones end it sooner. */
  void heard(String words) {
    detector.heard(words);
  }

  private void recognise(short[] frame) {
    recognition.accept(frame);
    heardMillis += 20;
  }

  /** The audio sent to the recogniser since the last call: what an engine bills by. */
  long takeHeardMillis() {
    long taken = heardMillis;
    heardMillis = 0;
    return taken;
  }

  /**
   * How long the caller spoke in the utterances ended since the last call, each from its first
   * voiced frame to its last: what their final transcript's message records.
   */
  long takeSpokenMillis() {
    long taken = spokenMillis;
    spokenMillis = 0;
    return taken;
  }

  /** The audio a premium recogniser was sent since the last call: what the tenant's voice budget counts. */
  long takeBilledMillis() {
    return recognition.takeBilledMillis();
  }

  /** Whether {@code text}, a transcript of the caller's, is only a backchannel in their language. */
  boolean isBackchannel(String text) {
    return detector.isBackchannel(text);
  }

  /** The caller has been speaking long enough to stop the bot (not a cough, not an "uh"). */
  boolean isBargeIn() {
    return detector.speaking() && detector.isBargeIn();
  }

  /** Speech in the current utterance so far, including the minimum that started it; 0 when idle. */
  long speechMillis() {
    return detector.speechMillis();
  }

  boolean speaking() {
    return detector.speaking();
  }

  @Override
  public void close() {
    recognition.close();
    vad.close();
  }
}
