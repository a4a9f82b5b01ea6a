package io.parley.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class AsyncCauseTest {
  @Test
  void unwrapsEveryCompletionExceptionAndNothingElse() {
    TimeoutException timeout = new TimeoutException("late");
    assertSame(timeout, AsyncCause.of(new CompletionException(new CompletionException(timeout))));
    assertSame(timeout, AsyncCause.of(timeout));
    IllegalStateException other = new IllegalStateException(new CompletionException(timeout));
    assertSame(other, AsyncCause.of(other), "only the async wrappers are removed");
    CompletionException bare = new CompletionException("no cause", null);
    assertSame(bare, AsyncCause.of(bare));
    assertNull(AsyncCause.of(null));
  }

  @Test
  void theRootIsTheInnermostCauseWhateverWrapsIt() {
    IOException refused = new IOException("Connection refused");
    assertSame(refused, AsyncCause.root(new IllegalStateException(new CompletionException(refused))));
    assertSame(refused, AsyncCause.root(refused));
  }

  @Test
  void describesAFailureByTheFirstMessageAlongItsCauses() {
    ConnectException refused = new ConnectException();
    refused.initCause(new IOException("Connection refused"));
    assertEquals("IOException: Connection refused", AsyncCause.describe(refused));
    assertEquals("TimeoutException: late", AsyncCause.describe(new TimeoutException("late")));
    assertEquals("ConnectException", AsyncCause.describe(new ConnectException()));
  }
}
