package io.parley.core;

import java.util.concurrent.CompletionException;

/**
 * The failure behind an asynchronous one: {@code CompletableFuture} wraps what went wrong in
 * {@link CompletionException}s, and a failure must be classified by what it really is (a
 * timeout, a tool's transient failure), never by its wrapper.
 */
public final class AsyncCause {
  private AsyncCause() {}

  /** {@code failure} without its {@code CompletionException} wrappers; {@code null} stays {@code null}. */
  public static Throwable of(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    return cause;
  }
}
