package io.parley.voice;

import io.parley.core.AsyncCause;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import io.parley.voice.speech.VoiceEngineException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sentence across the two tiers. The premium engine speaks it as one call through its breaker;
 * its audio goes to the listener as it comes. Should the call fail, time out or be refused, the
 * premium synthesis is cancelled, its later calls are ignored, and the local engine speaks the
 * sentence from its start. Audio the premium engine already gave has gone out and cannot be taken
 * back, so the caller hears the start twice: rarer and better than a sentence cut off mid-word.
 *
 * <p>A fallback after a failure is logged at WARN, one line per sentence; one because the breaker
 * is open only at DEBUG, since the breaker's opening was logged already.
 *
 * <p>Listener calls are made under this object's lock, after checking which engine has the
 * sentence, so they come one at a time, only from that engine, and none after the end or a cancel.
 */
final class FallbackSynthesis implements Synthesis {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackSynthesis.class);

  private final Tiering<TextToSpeech> tiering;
  private final SpeechRequest request;
  private final SpeechListener listener;
  /**
   * The premium engine's end, as its breaker sees it. It completes with {@code Done}, never null:
   * Pekko hands a Java call's result to its failure judge as {@code Optional.of(result)}, so a null
   * threw there, the breaker never heard of the success, and a half-open breaker never closed.
   */
  private final CompletableFuture<Done> premiumDone = new CompletableFuture<>();

  // All guarded by this.
  private Synthesis premium;
  private Synthesis local;
  private boolean onLocal;
  private boolean ended;
  private long premiumMillis; // audio the premium engine gave before it failed

  private FallbackSynthesis(Tiering<TextToSpeech> tiering, SpeechRequest request, SpeechListener listener) {
    this.tiering = tiering;
    this.request = request;
    this.listener = listener;
  }

  static FallbackSynthesis start(Tiering<TextToSpeech> tiering, SpeechRequest request, SpeechListener listener) {
    FallbackSynthesis synthesis = new FallbackSynthesis(tiering, request, listener);
    tiering.breaker()
        .callWithCircuitBreakerCS(synthesis::startPremium, PremiumOutcome::isFailure)
        .whenComplete((done, error) -> {
          if (error != null) synthesis.fallBack(error);
        });
    return synthesis;
  }

  @Override
  public void cancel() {
    Synthesis running;
    Synthesis standIn;
    synchronized (this) {
      if (ended) return;
      ended = true;
      running = premium;
      standIn = local;
    }
    if (running != null) running.cancel();
    if (standIn != null) standIn.cancel();
    premiumDone.completeExceptionally(PremiumOutcome.ABANDONED);
  }

  /** Runs inside the breaker, only when it lets the call through. */
  private CompletionStage<Done> startPremium() {
    Synthesis started = tiering.premium().speak(request, new PremiumAudio());
    boolean cancelled;
    synchronized (this) {
      premium = started;
      cancelled = ended || onLocal;
    }
    if (cancelled) started.cancel();
    return premiumDone;
  }

  private void fallBack(Throwable error) {
    Synthesis abandoned;
    long heard;
    synchronized (this) {
      if (ended || onLocal) return;
      onLocal = true;
      abandoned = premium;
      heard = premiumMillis;
    }
    if (abandoned != null) abandoned.cancel();
    tiering.fellBack(1);
    log(error, heard);
    SpeechRequest inLocalVoice = new SpeechRequest(request.text(), Optional.empty(), request.speed(), request.language());
    Synthesis started;
    try {
      started = tiering.local().speak(inLocalVoice, new LocalAudio());
    } catch (RuntimeException e) {
      fail(new VoiceEngineException(tiering.localName(), "cannot speak: " + e.getMessage(), e));
      return;
    }
    boolean cancelled;
    synchronized (this) {
      local = started;
      cancelled = ended;
    }
    if (cancelled) started.cancel();
  }

  private void log(Throwable error, long heard) {
    String reason = PremiumOutcome.reason(error);
    if (AsyncCause.of(error) instanceof CircuitBreakerOpenException) {
      LOG.debug("tts: {} skipped ({}); {} speaks the sentence", tiering.premiumName(), reason, tiering.localName());
    } else if (heard > 0) {
      LOG.warn("tts: {} failed after {} ms of the sentence's audio ({}); {} speaks the whole sentence again from its"
          + " start", tiering.premiumName(), heard, reason, tiering.localName());
    } else {
      LOG.warn("tts: {} failed ({}); {} speaks the sentence", tiering.premiumName(), reason, tiering.localName());
    }
  }

  private synchronized void fail(VoiceEngineException failure) {
    if (ended) return;
    ended = true;
    listener.onFailure(failure);
  }

  private final class PremiumAudio implements SpeechListener {
    @Override
    public void onAudio(AudioChunk chunk) {
      synchronized (FallbackSynthesis.this) {
        if (ended || onLocal) return;
        premiumMillis += chunk.durationMillis();
        listener.onAudio(chunk);
      }
    }

    @Override
    public void onDone() {
      synchronized (FallbackSynthesis.this) {
        if (ended || onLocal) return;
        ended = true;
        listener.onDone();
      }
      premiumDone.complete(Done.getInstance());
    }

    @Override
    public void onFailure(VoiceEngineException failure) {
      premiumDone.completeExceptionally(failure); // the breaker's callback falls back
    }
  }

  private final class LocalAudio implements SpeechListener {
    @Override
    public void onAudio(AudioChunk chunk) {
      synchronized (FallbackSynthesis.this) {
        if (!ended) listener.onAudio(chunk);
      }
    }

    @Override
    public void onDone() {
      synchronized (FallbackSynthesis.this) {
        if (ended) return;
        ended = true;
        listener.onDone();
      }
    }

    @Override
    public void onFailure(VoiceEngineException failure) {
      fail(failure);
    }
  }
}
