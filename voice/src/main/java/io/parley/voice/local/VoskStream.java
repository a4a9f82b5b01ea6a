package io.parley.voice.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Recognizer;

/**
 * One caller's recogniser. The caller's frames, utterance ends and the close are queued and done
 * in order by one task at a time on the shared pool; the queue is bounded (a stream that falls
 * seconds behind drops its oldest frames rather than growing), and the recogniser is freed by the
 * task that finds the close, so native memory is never used after it is freed. Told the caller's
 * language, it changes to that language's model between utterances (the words of one utterance
 * never go to two recognisers); a language the node has no model for keeps the model it has.
 */
final class VoskStream implements RecognitionStream {
  private static final Logger LOG = LoggerFactory.getLogger(VoskStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Five seconds of 20 ms frames. */
  private static final int MAX_QUEUED_FRAMES = 250;
  /** 100 ms of 20 ms frames. */
  private static final int LIVE_EDGE_FRAMES = 5;

  private sealed interface Step {}

  private record Frame(short[] samples) implements Step {}

  private record EndOfUtterance() implements Step {}

  private record Close() implements Step {}

  private record Language(String language) implements Step {}

  private final VoskModels models;
  private final Executor decoding;
  private final TranscriptListener listener;
  private final Deque<Step> steps = new ArrayDeque<>();
  private int queuedFrames;
  private boolean draining;
  private boolean closeQueued;
  private boolean droppingLogged;
  // Only the draining task touches these.
  private final StringBuilder heardSoFar = new StringBuilder();
  private String lastPartial = "";
  private double confidenceSum;
  private int words;
  private boolean failed;
  private Recognizer recognizer;
  private VoskModel model;
  private VoskModel wanted; // the caller's language's model, taken at the utterance's end
  private boolean midUtterance;

  private VoskStream(VoskModels models, Recognizer recognizer, VoskModel model, Executor decoding,
      TranscriptListener listener) {
    this.models = models;
    this.recognizer = recognizer;
    this.model = model;
    this.wanted = model;
    this.decoding = decoding;
    this.listener = listener;
  }

  static VoskStream open(VoskModels models, Executor decoding, TranscriptListener listener) {
    return new VoskStream(models, recogniser(models.english()), models.english(), decoding, listener);
  }

  private static Recognizer recogniser(VoskModel model) {
    try {
      Recognizer recognizer = new Recognizer(model.model(), VoskModel.SAMPLE_RATE);
      recognizer.setWords(true);
      return recognizer;
    } catch (IOException e) {
      throw new IllegalStateException("Vosk could not make a recogniser", e);
    }
  }

  @Override
  public void hear(String language) {
    enqueue(new Language(language));
  }

  @Override
  public void accept(short[] frame) {
    synchronized (steps) {
      if (closeQueued) return;
      if (queuedFrames >= MAX_QUEUED_FRAMES) {
        steps.stream().filter(Frame.class::isInstance).findFirst().ifPresent(oldest -> {
          steps.remove(oldest);
          queuedFrames--;
        });
        if (!droppingLogged) LOG.warn("speech recognition is more than 5 s behind; dropping the oldest audio");
        droppingLogged = true;
      }
      steps.add(new Frame(frame));
      queuedFrames++;
    }
    schedule();
  }

  @Override
  public void endUtterance() {
    enqueue(new EndOfUtterance());
  }

  @Override
  public void close() {
    synchronized (steps) {
      if (closeQueued) return;
      closeQueued = true;
      steps.clear();
      queuedFrames = 0;
      steps.add(new Close());
    }
    schedule();
  }

  private void enqueue(Step step) {
    synchronized (steps) {
      if (closeQueued) return;
      steps.add(step);
    }
    schedule();
  }

  private void schedule() {
    synchronized (steps) {
      if (draining || steps.isEmpty()) return;
      draining = true;
    }
    decoding.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Step step;
      synchronized (steps) {
        step = steps.poll();
        if (step == null) {
          draining = false;
          return;
        }
        if (step instanceof Frame) queuedFrames--;
      }
      run(step);
    }
  }

  private void run(Step step) {
    if (step instanceof Close) {
      recognizer.close();
      return;
    }
    if (failed) return;
    try {
      if (step instanceof Language language) {
        wanted = models.of(language.language()).orElse(model);
        if (!midUtterance) takeWantedModel();
      } else if (step instanceof Frame frame) {
        midUtterance = true;
        if (recognizer.acceptWaveForm(frame.samples(), frame.samples().length)) {
          // Vosk's endpoint: its piece is kept for the utterance's final transcript, and, if this is
          // the live edge of the audio, the call hears that the caller stopped (it ends the
          // utterance if its own detector agrees).
          // The words up to the endpoint go out first, so the call judges the pause by all of them.
          if (append(JSON.readTree(recognizer.getResult())) && caughtUp()) {
            reportPartial("");
            listener.onSpeakerPaused();
          }
        } else {
          reportPartial(JSON.readTree(recognizer.getPartialResult()).path("partial").asText(""));
        }
      } else {
        append(JSON.readTree(recognizer.getFinalResult()));
        String text = heardSoFar.toString().strip();
        double confidence = words == 0 ? (text.isEmpty() ? 0 : 1) : Math.min(1, confidenceSum / words);
        heardSoFar.setLength(0);
        lastPartial = "";
        confidenceSum = 0;
        words = 0;
        midUtterance = false;
        listener.onTranscript(new Transcript(text, confidence, true));
        takeWantedModel();
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
      listener.onFailure(new VoiceEngineException("vosk", "recognition failed: " + e.getMessage(), e));
    }
  }

  /** Changes to the caller's language's model, between utterances. */
  private void takeWantedModel() {
    if (wanted == model) return;
    Recognizer next = recogniser(wanted);
    recognizer.close();
    recognizer = next;
    model = wanted;
    LOG.info("vosk hears the caller with the model in {}", model.directory());
  }

  @Override
  public boolean behind() {
    return !caughtUp();
  }

  /**
   * Whether decoding is at the live edge of the audio, at most {@link #LIVE_EDGE_FRAMES} behind: a
   * pause found further back (a replay, a backlog) is long past.
   */
  private boolean caughtUp() {
    synchronized (steps) {
      return queuedFrames <= LIVE_EDGE_FRAMES;
    }
  }

  /** Adds a piece of the utterance; returns whether it had words. */
  private boolean append(JsonNode result) {
    String text = result.path("text").asText("").strip();
    if (!text.isEmpty()) heardSoFar.append(heardSoFar.isEmpty() ? "" : " ").append(text);
    for (JsonNode word : result.path("result")) {
      confidenceSum += word.path("conf").asDouble(1);
      words++;
    }
    return !text.isEmpty();
  }

  private void reportPartial(String partial) {
    String text = (heardSoFar + " " + partial).strip();
    if (text.isEmpty() || text.equals(lastPartial)) return;
    lastPartial = text;
    listener.onTranscript(new Transcript(text, 1, false));
  }
}
