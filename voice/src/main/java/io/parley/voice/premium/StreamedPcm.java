package io.parley.voice.premium;

import io.parley.core.AsyncCause;
import io.parley.core.llm.ProviderError;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.VoiceEngineException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One synthesis whose answer is raw PCM16 little-endian mono: each piece of the body goes to the
 * listener as it arrives, not once the body has ended. A piece may end inside a sample; its odd
 * byte waits for the next piece. The endpoint's timeout bounds the wait for the response headers
 * (the request's own timeout) and every silence after them.
 *
 * <p>Body pieces arrive as Flow signals, which are serialized; the timer and {@link #cancel()} run
 * elsewhere. Listener calls are made under this object's lock, after checking that the synthesis
 * is still running, so they come one at a time and none follows the end or a cancel.
 */
final class StreamedPcm implements Synthesis, Flow.Subscriber<List<ByteBuffer>> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedPcm.class);

  private final PremiumService service;
  private final HttpRequest request;
  private final int sampleRate;
  private final SpeechListener listener;
  private final Runnable onEngineClose = this::cancel;

  private int oddByte = -1; // reading thread: the low byte of a sample split between two pieces
  private volatile boolean readingAudio; // from here on, onError reports what goes wrong
  private volatile long lastDataNanos;
  private volatile Flow.Subscription subscription;
  private volatile CompletableFuture<HttpResponse<Void>> exchange;
  private volatile ScheduledFuture<?> idleCheck;
  private boolean finished; // guarded by this

  private StreamedPcm(PremiumService service, HttpRequest request, int sampleRate, SpeechListener listener) {
    this.service = service;
    this.request = request;
    this.sampleRate = sampleRate;
    this.listener = listener;
  }

  /** @throws IllegalStateException once the engine is closed */
  static StreamedPcm start(PremiumService service, HttpRequest request, int sampleRate, SpeechListener listener) {
    StreamedPcm synthesis = new StreamedPcm(service, request, sampleRate, listener);
    service.started(synthesis.onEngineClose);
    CompletableFuture<HttpResponse<Void>> exchange = service.send(request, synthesis::onHeaders);
    synthesis.exchange = exchange;
    exchange.whenComplete((ignored, failure) -> {
      if (failure != null && !synthesis.readingAudio) synthesis.fail(service.failed(failure, request.uri()));
    });
    if (synthesis.isFinished()) {
      exchange.cancel(true); // cancelled while sendAsync was still being called
    }
    return synthesis;
  }

  @Override
  public void cancel() {
    synchronized (this) {
      if (finished) return;
      finished = true;
    }
    stop(true);
  }

  private BodySubscriber<Void> onHeaders(ResponseInfo info) {
    if (isFinished()) return BodySubscribers.replacing(null);
    int status = info.statusCode();
    if (status / 100 != 2) {
      return readWhole(body -> service.rejected(status, body));
    }
    Optional<String> type = info.headers().firstValue("Content-Type");
    if (type.isPresent() && (type.get().startsWith("application/json") || type.get().startsWith("text/"))) {
      // A proxy's error page, or a server that ignored the audio format asked for: not audio.
      return readWhole(body -> new VoiceEngineException(service.engine(), "expected raw PCM audio, got "
          + type.get() + ": " + ProviderError.describe(body, PremiumService.JSON)));
    }
    lastDataNanos = System.nanoTime();
    idleCheck = service.schedule(this::onIdleCheck, service.endpoint().timeout());
    readingAudio = true;
    return BodySubscribers.fromSubscriber(this);
  }

  private BodySubscriber<Void> readWhole(Function<String, VoiceEngineException> failure) {
    return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
      fail(failure.apply(body));
      return null;
    });
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (isFinished()) {
      subscription.cancel();
    } else {
      subscription.request(Long.MAX_VALUE); // the listener takes audio as fast as it comes
    }
  }

  @Override
  public void onNext(List<ByteBuffer> pieces) {
    lastDataNanos = System.nanoTime();
    short[] samples = decode(pieces);
    if (samples.length == 0) return;
    synchronized (this) {
      if (finished) return;
      try {
        listener.onAudio(new AudioChunk(samples, sampleRate));
        return;
      } catch (RuntimeException e) {
        LOG.warn("{}: the speech listener failed; stopping the synthesis", service.engine(), e);
      }
    }
    fail(new VoiceEngineException(service.engine(), "the speech listener failed"));
  }

  @Override
  public void onError(Throwable failure) {
    fail(new VoiceEngineException(service.engine(), "the audio from " + request.uri() + " broke off: "
        + AsyncCause.describe(failure), failure));
  }

  @Override
  public void onComplete() {
    if (oddByte >= 0) {
      LOG.debug("{}: the audio ended inside a sample; its last byte is dropped", service.engine());
    }
    synchronized (this) {
      if (finished) return;
      finished = true;
      listener.onDone();
    }
    stop(false);
  }

  /** Samples from the bytes of {@code pieces}, the odd byte of the last piece kept for the next. */
  private short[] decode(List<ByteBuffer> pieces) {
    int bytes = oddByte >= 0 ? 1 : 0;
    for (ByteBuffer piece : pieces) bytes += piece.remaining();
    short[] samples = new short[bytes / 2];
    int count = 0;
    for (ByteBuffer piece : pieces) {
      ByteBuffer bytesLeft = piece.slice().order(ByteOrder.LITTLE_ENDIAN);
      if (oddByte >= 0 && bytesLeft.hasRemaining()) {
        samples[count++] = (short) ((bytesLeft.get() & 0xFF) << 8 | oddByte);
        oddByte = -1;
      }
      int whole = bytesLeft.remaining() / 2;
      // In bulk: a sample at a time through the buffer's accessors was as costly as resampling it.
      bytesLeft.asShortBuffer().get(samples, count, whole);
      count += whole;
      bytesLeft.position(bytesLeft.position() + 2 * whole);
      if (bytesLeft.hasRemaining()) oddByte = bytesLeft.get() & 0xFF;
      piece.position(piece.limit());
    }
    return samples;
  }

  /** Rechecks rather than rescheduling on every piece: audio comes in many small pieces. */
  private void onIdleCheck() {
    if (isFinished()) return;
    long idleNanos = service.endpoint().timeout().toNanos();
    long silentNanos = System.nanoTime() - lastDataNanos;
    if (silentNanos >= idleNanos) {
      fail(new VoiceEngineException(service.engine(), "no audio from " + request.uri() + " for "
          + service.endpoint().timeout().toMillis() + " ms"));
    } else {
      idleCheck = service.schedule(this::onIdleCheck, Duration.ofNanos(idleNanos - silentNanos));
    }
  }

  private void fail(VoiceEngineException failure) {
    synchronized (this) {
      if (finished) return;
      finished = true;
      listener.onFailure(failure);
    }
    stop(true);
  }

  private synchronized boolean isFinished() {
    return finished;
  }

  /** Forgets the synthesis, and unless its body has ended, stops reading it and aborts the request. */
  private void stop(boolean abort) {
    service.finished(onEngineClose);
    ScheduledFuture<?> check = idleCheck;
    if (check != null) check.cancel(false);
    if (!abort) return;
    Flow.Subscription reading = subscription;
    if (reading != null) reading.cancel();
    CompletableFuture<HttpResponse<Void>> running = exchange;
    if (running != null) running.cancel(true);
  }
}
