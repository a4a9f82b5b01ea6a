package io.parley.core.llm;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Cuts an event stream's body into lines (ended by CRLF, LF or CR, as the format allows) for
 * {@code lines}, within the {@link LlmClientSettings.StreamLimits}: a line, or the whole body,
 * past its limit ends the stream with a {@code BAD_RESPONSE} {@link LlmException}, before more
 * of it is held. The JDK's line subscriber would hold a line however long it grew. Takes the body
 * as fast as it comes: {@code lines} must take every line (it asks for all of them).
 */
final class SseLines implements BodySubscriber<Void> {
  private final Flow.Subscriber<String> lines;
  private final LlmClientSettings.StreamLimits limits;
  private final String source;
  private final CompletableFuture<Void> body = new CompletableFuture<>();

  // The body's signals are serialized, so these are touched by one thread at a time.
  private byte[] line = new byte[256];
  private int lineLength;
  private long bodyBytes;
  private boolean afterCarriageReturn;
  private volatile boolean stopped;
  private volatile Flow.Subscription subscription;

  /** {@code source} names the stream's server in the failure's message. */
  SseLines(Flow.Subscriber<String> lines, LlmClientSettings.StreamLimits limits, String source) {
    this.lines = lines;
    this.limits = limits;
    this.source = source;
  }

  @Override
  public CompletionStage<Void> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription upstream) {
    subscription = upstream;
    lines.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        upstream.request(n);
      }

      @Override
      public void cancel() {
        stopped = true;
        upstream.cancel();
      }
    });
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      bodyBytes += buffer.remaining();
      if (bodyBytes > limits.answerBytes()) {
        fail("an answer over " + limits.answerBytes() + " bytes");
        return;
      }
      while (buffer.hasRemaining() && !stopped) {
        take(buffer.get());
      }
    }
  }

  private void take(byte b) {
    boolean newlineOfCrLf = afterCarriageReturn && b == '\n';
    afterCarriageReturn = b == '\r';
    if (newlineOfCrLf) return;
    if (b == '\n' || b == '\r') {
      String complete = new String(line, 0, lineLength, StandardCharsets.UTF_8);
      lineLength = 0;
      lines.onNext(complete);
    } else if (lineLength == limits.lineBytes()) {
      fail("a line over " + limits.lineBytes() + " bytes");
    } else {
      if (lineLength == line.length) line = Arrays.copyOf(line, Math.min(limits.lineBytes(), 2 * line.length));
      line[lineLength++] = b;
    }
  }

  @Override
  public void onError(Throwable failure) {
    if (stopped) return;
    stopped = true;
    lines.onError(failure);
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    if (stopped) return;
    // A last line without its end still counts, as the JDK's line subscriber has it.
    if (lineLength > 0) lines.onNext(new String(line, 0, lineLength, StandardCharsets.UTF_8));
    stopped = true;
    lines.onComplete();
    body.complete(null);
  }

  private void fail(String what) {
    stopped = true;
    line = null;
    subscription.cancel();
    LlmException tooLarge = new LlmException(LlmException.Kind.BAD_RESPONSE, source + " sent " + what
        + " in its event stream; the answer was cut off there");
    lines.onError(tooLarge);
    body.completeExceptionally(tooLarge);
  }
}
