package io.parley.voice;

import io.parley.voice.media.Resampler;
import io.parley.voice.media.UtteranceBuffer;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's recognition across the two tiers. Each utterance is routed when it starts: to the
 * local engine while the premium engine's breaker is open, else to the premium engine, with its
 * frames also kept here. Its end is one call through the breaker, which lasts until the premium
 * engine reports the utterance's final transcript.
 *
 * <p>When that call fails (the engine's failure, the breaker's call timeout, or the breaker
 * refusing it), the premium stream is dropped, and every utterance it still held, the one in
 * progress included, is replayed to the local engine in order; the one in progress then goes on
 * there live. The next utterance tries premium again with a new stream, unless the breaker is open.
 * A local engine that fails ends the stream: nothing is left to fall back on.
 *
 * <p>Final transcripts reach the listener in the order of the utterances, whichever engine gives
 * them and whenever; a partial one only while its utterance is the oldest not yet reported. The
 * first fallback of a call is logged at WARN, later ones at DEBUG: a call on the local tier is one
 * incident, not one per sentence the caller says.
 *
 * <p>Frames come at the rate the premium engine takes; if the local engine takes another, what it
 * is given (replays and live frames alike, in the order they are given) goes through one resampler,
 * whose last 3 ms of an utterance (the silence that ended it) reach the engine with the next one.
 *
 * <p>Everything, listener calls included, happens under this object's lock; the engines' listener
 * calls are serialized by it, and those of a dropped premium stream are ignored.
 */
final class FallbackRecognitionStream implements RecognitionStream {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackRecognitionStream.class);
  /** As long as the premium engine keeps; past it both lose the utterance's start alike. */
  private static final Duration MAX_REPLAY = Duration.ofSeconds(60);

  private enum Route { PREMIUM, LOCAL }

  /** One utterance, from its first frame until its final transcript is reported. */
  private static final class Utterance {
    private Route route;
    private final UtteranceBuffer frames; // on the premium route: what to replay should it fail
    private final CompletableFuture<Transcript> premiumFinal = new CompletableFuture<>();
    private Transcript result;

    private Utterance(Route route, int sampleRate) {
      this.route = route;
      this.frames = new UtteranceBuffer(sampleRate, MAX_REPLAY);
    }
  }

  private final Tiering<SpeechToText> tiering;
  private final TranscriptListener listener;
  private final int sampleRate;
  private final UnaryOperator<short[]> toLocalRate;
  private final int localRate;

  // All guarded by this.
  private Utterance current; // null between an end and the next frame
  private final ArrayDeque<Utterance> unreported = new ArrayDeque<>(); // ended, oldest first
  private RecognitionStream premium; // null until needed, and after it failed
  private int premiumGeneration; // tells the listener calls of a dropped premium stream apart
  private final ArrayDeque<Utterance> atPremium = new ArrayDeque<>(); // ended there, final not yet heard
  private RecognitionStream local; // opened on the first fallback
  private final ArrayDeque<Utterance> atLocal = new ArrayDeque<>(); // ended there, final not yet heard
  private Optional<String> language = Optional.empty(); // told to each stream, and to those opened later
  private boolean warned;
  private boolean closed;
  private long billedMillis; // audio sent to the premium engine, not yet taken

  FallbackRecognitionStream(Tiering<SpeechToText> tiering, TranscriptListener listener, int sampleRate) {
    this.tiering = tiering;
    this.listener = listener;
    this.sampleRate = sampleRate;
    this.localRate = tiering.local().sampleRateFor(sampleRate);
    this.toLocalRate = Resampler.converting(sampleRate, localRate);
  }

  @Override
  public synchronized void accept(short[] frame) {
    if (closed) return;
    if (current == null) current = begin();
    if (current.route == Route.PREMIUM) {
      current.frames.add(frame.clone()); // the premium engine owns the one it gets
      premium.accept(frame);
      billedMillis += frame.length * 1000L / sampleRate;
    } else {
      toLocal(frame);
    }
  }

  /** What went to the premium engine, which bills it whether or not its transcript came; replays to the local one cost nothing. */
  @Override
  public synchronized long takeBilledMillis() {
    long taken = billedMillis;
    billedMillis = 0;
    return taken;
  }

  @Override
  public void endUtterance() {
    Utterance ended;
    RecognitionStream stream;
    synchronized (this) {
      if (closed) return;
      ended = current != null ? current : begin();
      current = null;
      unreported.addLast(ended);
      if (ended.route == Route.LOCAL) {
        atLocal.addLast(ended);
        local().endUtterance();
        return;
      }
      atPremium.addLast(ended);
      stream = premium;
    }
    // Outside the lock: a refusal or a failure may come back at once, on this thread.
    tiering.breaker()
        .callWithCircuitBreakerCS(() -> {
          stream.endUtterance();
          return ended.premiumFinal;
        }, PremiumOutcome::isFailure)
        .whenComplete((transcript, error) -> {
          if (error != null) onPremiumFailed(ended, PremiumOutcome.reason(error));
        });
  }

  @Override
  public synchronized void hear(String language) {
    this.language = Optional.of(language);
    if (premium != null) premium.hear(language);
    if (local != null) local.hear(language);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (premium != null) premium.close();
    if (local != null) local.close();
    unreported.forEach(utterance -> utterance.premiumFinal.completeExceptionally(PremiumOutcome.ABANDONED));
    if (current != null) current.premiumFinal.completeExceptionally(PremiumOutcome.ABANDONED);
    unreported.clear();
    atPremium.clear();
    atLocal.clear();
  }

  private Utterance begin() {
    if (tiering.breaker().isOpen()) {
      fellBack("its circuit breaker is open", 1);
      return new Utterance(Route.LOCAL, sampleRate);
    }
    if (premium == null) {
      int generation = ++premiumGeneration;
      try {
        premium = tiering.premium().open(new PremiumTranscripts(generation), sampleRate);
        language.ifPresent(premium::hear);
      } catch (RuntimeException e) {
        fellBack("it cannot open a stream: " + e.getMessage(), 1);
        return new Utterance(Route.LOCAL, sampleRate);
      }
    }
    return new Utterance(Route.PREMIUM, sampleRate);
  }

  private synchronized void onPremiumFailed(Utterance utterance, String reason) {
    // Already answered (the breaker timed out a moment before the final came) or already moved.
    if (closed || utterance.route != Route.PREMIUM || utterance.result != null) return;
    dropPremium(reason, PremiumOutcome.ABANDONED); // its own breaker call has failed already
  }

  /**
   * Moves everything the premium stream held to the local engine, oldest first: the ended
   * utterances still waiting for their final transcript, then the one in progress. Their breaker
   * calls end with {@code outcome}, once they are moved, so that those calls' callbacks find
   * nothing left to do.
   */
  private void dropPremium(String reason, Throwable outcome) {
    RecognitionStream dropped = premium;
    premium = null;
    premiumGeneration++;
    atPremium.clear();
    List<Utterance> moved = unreported.stream().filter(utterance -> utterance.route == Route.PREMIUM
        && utterance.result == null).toList();
    for (Utterance utterance : moved) {
      replay(utterance);
      local().endUtterance();
      atLocal.addLast(utterance);
    }
    boolean inProgress = current != null && current.route == Route.PREMIUM;
    if (inProgress) replay(current);
    if (dropped != null) dropped.close();
    fellBack(reason, moved.size() + (inProgress ? 1 : 0));
    moved.forEach(utterance -> utterance.premiumFinal.completeExceptionally(outcome));
  }

  private void replay(Utterance utterance) {
    utterance.route = Route.LOCAL;
    utterance.frames.frames().forEach(this::toLocal);
    utterance.frames.clear();
  }

  private void toLocal(short[] frame) {
    local().accept(toLocalRate.apply(frame));
  }

  private void fellBack(String reason, int utterances) {
    if (utterances == 0) {
      LOG.debug("stt: {} failed between utterances ({}); the next one tries it again", tiering.premiumName(), reason);
      return;
    }
    tiering.fellBack(utterances);
    String message = "stt: {} utterance(s) of this call go to {} instead of {}: {}";
    if (warned) {
      LOG.debug(message, utterances, tiering.localName(), tiering.premiumName(), reason);
    } else {
      warned = true;
      LOG.warn(message + " (later fallbacks of this call are logged at DEBUG)", utterances, tiering.localName(),
          tiering.premiumName(), reason);
    }
  }

  private RecognitionStream local() {
    if (local == null) {
      local = tiering.local().open(new LocalTranscripts(), localRate);
      language.ifPresent(local::hear);
    }
    return local;
  }

  /** The transcripts whose utterances' turn has come, in order. */
  private void reportReady() {
    while (!unreported.isEmpty() && unreported.peekFirst().result != null) {
      listener.onTranscript(unreported.removeFirst().result);
    }
  }

  /** A partial transcript, or a final one the engine gave mid-utterance, passes when nothing older is unreported. */
  private void maybePassOn(Utterance owner, Transcript transcript) {
    Utterance oldest = unreported.isEmpty() ? current : unreported.peekFirst();
    if (owner != null && owner == oldest) listener.onTranscript(transcript);
  }

  /**
   * A transcript of the engine on {@code route}, whose ended utterances wait in {@code waiting}: a
   * final one settles the oldest of them, which it returns; any other passes on when nothing older waits.
   */
  private Optional<Utterance> settled(ArrayDeque<Utterance> waiting, Route route, Transcript transcript) {
    Utterance owner = transcript.isFinal() ? waiting.pollFirst() : waiting.peekFirst();
    if (transcript.isFinal() && owner != null) {
      owner.result = transcript;
      return Optional.of(owner);
    }
    maybePassOn(owner != null ? owner : currentOn(route), transcript);
    return Optional.empty();
  }

  private final class PremiumTranscripts implements TranscriptListener {
    private final int generation;

    private PremiumTranscripts(int generation) {
      this.generation = generation;
    }

    @Override
    public void onTranscript(Transcript transcript) {
      synchronized (FallbackRecognitionStream.this) {
        if (closed || generation != premiumGeneration) return;
        settled(atPremium, Route.PREMIUM, transcript).ifPresent(owner -> {
          owner.frames.clear();
          owner.premiumFinal.complete(transcript);
          reportReady();
        });
      }
    }

    @Override
    public void onFailure(VoiceEngineException failure) {
      synchronized (FallbackRecognitionStream.this) {
        if (closed || generation != premiumGeneration) return;
        premium = null; // its engine closed it
        dropPremium(failure.getMessage(), failure); // the breaker counts the failure against the engine
      }
    }
  }

  private final class LocalTranscripts implements TranscriptListener {
    @Override
    public void onTranscript(Transcript transcript) {
      synchronized (FallbackRecognitionStream.this) {
        if (closed) return;
        settled(atLocal, Route.LOCAL, transcript).ifPresent(owner -> reportReady());
      }
    }

    @Override
    public void onFailure(VoiceEngineException failure) {
      synchronized (FallbackRecognitionStream.this) {
        if (closed) return;
        close();
        listener.onFailure(failure);
      }
    }

    /** Only a pause while the engine hears the live utterance counts, not one in ended utterances it still decodes. */
    @Override
    public void onSpeakerPaused() {
      synchronized (FallbackRecognitionStream.this) {
        if (!closed && atLocal.isEmpty() && currentOn(Route.LOCAL) != null) listener.onSpeakerPaused();
      }
    }
  }

  private Utterance currentOn(Route route) {
    return current != null && current.route == route ? current : null;
  }
}
