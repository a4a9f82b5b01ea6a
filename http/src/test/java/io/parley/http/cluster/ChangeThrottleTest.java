package io.parley.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A few notices a second of a tenant's kind, the last change never lost, other keys unaffected. */
class ChangeThrottleTest {
  private static final long INTERVAL = 250;

  @Test
  void aChangeWithinTheIntervalWaitsForItsEndOnceAndTheNextAfterItIsSentAtOnce() {
    ChangeThrottle throttle = new ChangeThrottle(INTERVAL);
    assertEquals(0, throttle.changed("knowledge acme", 1000), "the first at once");
    assertEquals(0, throttle.changed("config acme", 1010), "another kind is not held by it");
    assertEquals(150, throttle.changed("knowledge acme", 1100), "sent at the interval's end");
    assertEquals(ChangeThrottle.ALREADY_DUE, throttle.changed("knowledge acme", 1200), "one notice for the changes meanwhile");
    throttle.sent("knowledge acme");
    assertEquals(250, throttle.changed("knowledge acme", 1250), "right after the held one: the next interval's end");
    throttle.sent("knowledge acme");
    assertEquals(0, throttle.changed("knowledge acme", 2000), "quiet for an interval: at once again");
  }

  @Test
  void theConsolePartOfAWriteIsTheOneItsPathNames() {
    assertEquals(AdminChange.Kind.CONFIG, AdminChange.written("/v1/config/draft").orElseThrow());
    assertEquals(AdminChange.Kind.CONFIG, AdminChange.written("/v1/evaluations/cases/c-1").orElseThrow());
    assertEquals(AdminChange.Kind.EXPERIMENTS, AdminChange.written("/v1/experiments/1/stop").orElseThrow());
    assertEquals(AdminChange.Kind.KNOWLEDGE, AdminChange.written("/v1/kb/sources/s-1/sync").orElseThrow());
    assertEquals(AdminChange.Kind.TEAM, AdminChange.written("/v1/site/allowed-origins").orElseThrow());
    assertEquals(AdminChange.Kind.TEAM, AdminChange.written("/v1/keys").orElseThrow());
    assertEquals("experiments", AdminChange.Kind.EXPERIMENTS.wireName());
    assertEquals(java.util.Optional.empty(), AdminChange.written("/v1/configurations"));
    assertEquals(java.util.Optional.empty(), AdminChange.written("/v1/sessions/s-1/messages"));
  }
}
