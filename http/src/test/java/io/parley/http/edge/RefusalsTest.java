package io.parley.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.Test;

/** The one translation of a failed request to an entity into what every edge tells its client. */
class RefusalsTest {
  @Test
  void anEntitysOwnRefusalReachesTheClientAsItIs() {
    Refusal closed = Refusal.of(ErrorCode.BAD_REQUEST, "the session is closed");
    assertSame(closed, Refusals.of(new CompletionException(closed), "the session"));
  }

  @Test
  void anAskThatTimesOutIsUnavailableWithARetryHint() {
    Refusal refusal = Refusals.of(new CompletionException(new AskTimeoutException("Ask timed out after [10000 ms]")),
        "the session");
    assertEquals(ErrorCode.UNAVAILABLE, refusal.code());
    assertEquals(Optional.of(Refusals.RETRY_AFTER_MS), refusal.retryAfterMs());
    assertEquals("the session did not answer in time; retry", refusal.getMessage());
  }

  @Test
  void anythingElseIsInternalAndKeepsItsDetailsOffTheWire() {
    Refusal refusal = Refusals.of(new CompletionException(new IllegalStateException("jdbc:h2:/secret/path broke")),
        "the session");
    assertEquals(ErrorCode.INTERNAL, refusal.code());
    assertEquals(Optional.empty(), refusal.retryAfterMs());
    assertFalse(refusal.getMessage().contains("secret"), refusal.getMessage());
  }
}
