package io.parley.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response's body as text, and of a stream of Server-Sent Events only its first event (the stream
 * is then closed): a test that calls every route does not wait for a stream that never ends.
 */
final class FirstEventBody implements HttpResponse.BodySubscriber<String> {
  /** The body of any response: all of it, or a stream's first event. */
  static final HttpResponse.BodyHandler<String> HANDLER = info -> info.headers().firstValue("Content-Type")
      .filter(type -> type.startsWith("text/event-stream")).isPresent()
      ? new FirstEventBody() : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);

  private final StringBuilder read = new StringBuilder();
  private final CompletableFuture<String> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  @Override
  public CompletionStage<String> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    buffers.forEach(buffer -> read.append(StandardCharsets.UTF_8.decode(buffer)));
    int end = read.indexOf("\n\n");
    if (end >= 0 && !body.isDone()) {
      body.complete(read.substring(0, end + 1));
      subscription.cancel();
    }
  }

  @Override
  public void onError(Throwable failure) {
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    body.complete(read.toString());
  }
}
