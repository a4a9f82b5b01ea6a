package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A recogniser that transcribes each ended utterance only when the test gives its words: a slow engine. */
final class SlowRecogniser implements SpeechToText {
  private final BlockingQueue<TranscriptListener> ended = new LinkedBlockingQueue<>();

  @Override
  public String name() {
    return "local";
  }

  @Override
  public int sampleRate() {
    return PacedCaller.RATE;
  }

  @Override
  public RecognitionStream open(TranscriptListener listener, int sampleRate) {
    return new RecognitionStream() {
      @Override
      public void accept(short[] frame) {}

      @Override
      public void endUtterance() {
        ended.add(listener);
      }

      @Override
      public void close() {}
    };
  }

  /** The oldest utterance ended and not transcribed yet was {@code words}. */
  void transcribe(String words) throws InterruptedException {
    TranscriptListener listener = ended.poll(10, TimeUnit.SECONDS);
    assertNotNull(listener, "an utterance ended to transcribe as: " + words);
    listener.onTranscript(new Transcript(words, 0.9, true));
  }
}
