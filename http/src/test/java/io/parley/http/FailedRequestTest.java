package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.http.rest.ApiError;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A request whose route failed unexpectedly: one that waited on a part of the node that did not
 * answer in time is told to retry, anything else is an internal error that shows none of its details.
 */
class FailedRequestTest {
  private static final ApiError ERRORS = new ApiError(new ObjectMapper());

  @Test
  void anAskThatTimedOutIsA503WithRetryAfter() {
    HttpResponse response = ParleyRoutes.failed(ERRORS,
        new CompletionException(new AskTimeoutException("Ask timed out on [TenantBotConfig] after [2000 ms]")));
    assertEquals(503, response.status().intValue());
    assertEquals(Optional.of("1"), response.getHeader("Retry-After").map(header -> header.value()));
    assertFalse(body(response).contains("TenantBotConfig"), body(response));
  }

  @Test
  void anythingElseIsA500ThatShowsNoDetails() {
    HttpResponse response = ParleyRoutes.failed(ERRORS, new IllegalStateException("jdbc:h2:/secret/path broke"));
    assertEquals(500, response.status().intValue());
    assertFalse(response.getHeader("Retry-After").isPresent());
    assertFalse(body(response).contains("secret"), body(response));
  }

  private static String body(HttpResponse response) {
    return ((HttpEntity.Strict) response.entity()).getData().utf8String();
  }
}
