package io.parley.http.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.http.rest.config.WebhookRoutes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryParametersTest {
  @Test
  void aNumberInItsRangeIsReadAndAnyOtherRefusedByName() {
    assertEquals(500, QueryParameters.number("limit", "500", 1, WebhookRoutes.MAX_LIMIT));
    for (String bad : new String[] {"0", "501", "ten", "", "1.5"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> QueryParameters.number("limit", bad, 1, WebhookRoutes.MAX_LIMIT));
      assertEquals("limit must be a whole number from 1 to 500, got '" + bad + "'", refused.getMessage());
    }
  }

  @Test
  void anInstantIsReadAsIso8601AndAnythingElseRefusedByName() {
    assertEquals(Instant.parse("2026-01-31T00:00:00Z"), QueryParameters.instant("from", "2026-01-31T00:00:00Z"));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> QueryParameters.instant("to", "yesterday"));
    assertEquals("to must be an ISO-8601 instant like 2026-01-31T00:00:00Z, got 'yesterday'", refused.getMessage());
  }

  @Test
  void anInstantOutsideTheYears1970To9999IsRefusedByName() {
    assertEquals(Instant.EPOCH, QueryParameters.instant("from", "1970-01-01T00:00:00Z"));
    assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), QueryParameters.instant("to", "9999-12-31T23:59:59.999Z"));
    for (String far : new String[] {"-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> QueryParameters.instant("to", far));
      assertEquals("to must be an instant in the years 1970 to 9999 (from 1970-01-01T00:00:00Z to before "
          + "+10000-01-01T00:00:00Z), got '" + far + "'", refused.getMessage());
    }
  }
}
