package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.testing.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's webhook subscriptions are asked of its configuration once per refresh, not once per event. */
class CachedSubscriptionsTest {
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-03-02T10:00:00Z"));
  private final List<String> asked = new ArrayList<>();
  private List<String> configured = List.of();

  @Test
  void aTenantIsAskedAgainOnlyOnceTheRefreshHasPassed() {
    SubscribedEvents cached = new CachedSubscriptions(tenant -> {
      asked.add(tenant);
      return configured;
    }, Duration.ofSeconds(10), clock);
    for (int i = 0; i < 100; i++) assertEquals(List.of(), cached.of("acme"));
    assertEquals(List.of("acme"), asked, "a tenant subscribed to nothing: one ask for a hundred events");

    configured = List.of("message.created");
    clock.advance(Duration.ofSeconds(9));
    assertEquals(List.of(), cached.of("acme"), "within the refresh, the subscriptions as last asked");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("message.created"), cached.of("acme"), "a published change, heard after the refresh");
    assertEquals(List.of("message.created"), cached.of("globex"), "each tenant asked for itself");
    assertEquals(List.of("acme", "acme", "globex"), asked);
  }

  @Test
  void anAskThatFailsIsNotKeptAndFailsTheFold() {
    SubscribedEvents cached = new CachedSubscriptions(tenant -> {
      asked.add(tenant);
      throw new IllegalStateException("the bot configuration of tenant " + tenant + " did not answer");
    }, Duration.ofSeconds(10), clock);
    assertThrows(IllegalStateException.class, () -> cached.of("acme"));
    assertThrows(IllegalStateException.class, () -> cached.of("acme"));
    assertEquals(2, asked.size(), "asked again at once");
  }
}
