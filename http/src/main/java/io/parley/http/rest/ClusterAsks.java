package io.parley.http.rest;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * What the routes that ask the cluster (its workflows, its nodes' calls) share: the JSON bodies and
 * errors, how long an ask may take, and the executor its answer is mapped on.
 *
 * @param replies an executor of the node: the ask's own future would otherwise run the mapping on
 *     a new thread of the JDK's common pool, on every request of a two-core node
 */
public record ClusterAsks(JsonBodies bodies, ApiError errors, Duration askTimeout, Executor replies) {
  /** The response to {@code asked}: {@code ok} of its answer, or {@code failed} of its failure. */
  public <T> CompletionStage<HttpResponse> answer(CompletionStage<T> asked, Function<T, HttpResponse> ok,
      Function<Throwable, HttpResponse> failed) {
    return asked.handleAsync((answer, failure) -> failure == null ? ok.apply(answer) : failed.apply(failure), replies);
  }
}
