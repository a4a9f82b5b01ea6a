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

  /** The innermost of {@code failure}'s causes: what went wrong under every layer that reported it. */
  public static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root;
  }

  /**
   * The first message along {@code failure}'s causes, after the simple name of the exception that
   * carries it: the JDK's {@code ConnectException} often has no message, while its cause says
   * "Connection refused".
   */
  public static String describe(Throwable failure) {
    for (Throwable each = failure; each != null; each = each.getCause()) {
      if (each.getMessage() != null) return each.getClass().getSimpleName() + ": " + each.getMessage();
    }
    return failure.getClass().getSimpleName();
  }
}
