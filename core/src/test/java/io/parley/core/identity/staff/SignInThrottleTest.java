package io.parley.core.identity.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final String OWNER = "ada@northwind.example";
  private static final String ATTACKER = "203.0.113.9";
  private static final String OWNERS_ADDRESS = "198.51.100.7";

  private final SignInThrottle throttle = new SignInThrottle(3, 10, Duration.ofMinutes(15), () -> 1);

  @Test
  void theFreeWrongPasswordsCostNothingThenEachWaitDoublesUpToTheLongest() {
    Instant now = T0;
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), throttle.before(OWNER, ATTACKER, now));
      throttle.failed(OWNER, ATTACKER, now);
    }
    for (long expected : new long[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900}) {
      Optional<SignInThrottle.Wait> wait = throttle.before(OWNER, ATTACKER, now);
      assertEquals(Optional.of(new SignInThrottle.Wait(Duration.ofSeconds(expected), false)), wait, "at " + now);
      now = now.plusSeconds(expected);
      assertEquals(Optional.empty(), throttle.before(OWNER, ATTACKER, now), "the wait is over at " + now);
      throttle.failed(OWNER, ATTACKER, now);
      if (expected == 512) assertTrue(throttle.before("bob@northwind.example", ATTACKER, now).isPresent(),
          "by now the address is past its own free wrong passwords too");
    }
  }

  @Test
  void theOwnerFromAnotherAddressIsNeverKeptWaiting() {
    for (int i = 0; i < 9; i++) throttle.failed(OWNER, ATTACKER, T0);
    assertTrue(throttle.before(OWNER, ATTACKER, T0).isPresent());
    assertEquals(Optional.empty(), throttle.before(OWNER, OWNERS_ADDRESS, T0));
  }

  @Test
  void emailsAreCountedWhetherAnAccountHasThemOrNot() {
    for (int i = 0; i < 3; i++) throttle.failed("nobody@example.com", ATTACKER, T0);
    assertEquals(Optional.of(new SignInThrottle.Wait(Duration.ofSeconds(1), false)),
        throttle.before("nobody@example.com", ATTACKER, T0));
  }

  @Test
  void oneAddressGuessingManyEmailsWaitsForAllOfThem() {
    for (int i = 0; i < 10; i++) throttle.failed("user" + i + "@example.com", ATTACKER, T0);
    assertEquals(Optional.of(new SignInThrottle.Wait(Duration.ofSeconds(1), true)),
        throttle.before("someone.new@example.com", ATTACKER, T0));
    assertEquals(Optional.empty(), throttle.before("someone.new@example.com", OWNERS_ADDRESS, T0));
  }

  @Test
  void aRightPasswordClearsItsEmailAndAddressOnly() {
    for (int i = 0; i < 3; i++) throttle.failed(OWNER, OWNERS_ADDRESS, T0);
    for (int i = 0; i < 3; i++) throttle.failed("bob@northwind.example", OWNERS_ADDRESS, T0);
    throttle.succeeded(OWNER, OWNERS_ADDRESS);
    assertEquals(Optional.empty(), throttle.before(OWNER, OWNERS_ADDRESS, T0));
    assertTrue(throttle.before("bob@northwind.example", OWNERS_ADDRESS, T0).isPresent());
  }

  @Test
  void countsQuietForFourTimesTheLongestWaitStartAgain() {
    for (int i = 0; i < 12; i++) throttle.failed(OWNER, ATTACKER, T0);
    Instant later = T0.plus(Duration.ofHours(1));
    assertEquals(Optional.empty(), throttle.before(OWNER, ATTACKER, later));
    throttle.failed(OWNER, ATTACKER, later);
    assertEquals(Optional.empty(), throttle.before(OWNER, ATTACKER, later), "one wrong password after the quiet hour");
  }

  @Test
  void memoryIsBoundedByForgettingTheLeastRecentlyCounted() {
    SignInThrottle small = new SignInThrottle(1, 100, Duration.ofMinutes(15), () -> 1, 4);
    small.failed(OWNER, ATTACKER, T0);
    small.failed("bob@northwind.example", "192.0.2.1", T0.plusSeconds(1));
    small.failed("eve@northwind.example", "192.0.2.2", T0.plusSeconds(2));
    assertEquals(Optional.empty(), small.before(OWNER, ATTACKER, T0.plusSeconds(2)), "forgotten past four counts");
    assertTrue(small.before("eve@northwind.example", "192.0.2.2", T0.plusSeconds(2)).isPresent());
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SignInThrottle(0, 10, Duration.ofMinutes(1), () -> 1));
    assertThrows(IllegalArgumentException.class, () -> new SignInThrottle(3, 10, Duration.ofMillis(10), () -> 1));
  }

  @Test
  void eachNodeWeighsTheTriesItSeesAsItsShareOfTheClusters() {
    SignInThrottle ofThree = new SignInThrottle(3, 10, Duration.ofMinutes(15), () -> 3);
    ofThree.failed(OWNER, ATTACKER, T0);
    assertEquals(Optional.of(new SignInThrottle.Wait(Duration.ofSeconds(1), false)), ofThree.before(OWNER, ATTACKER, T0),
        "one of three nodes saw one wrong password: the cluster's three free ones are spent");
    ofThree.failed(OWNER, ATTACKER, T0.plusSeconds(1));
    assertEquals(Optional.of(new SignInThrottle.Wait(Duration.ofSeconds(8), false)),
        ofThree.before(OWNER, ATTACKER, T0.plusSeconds(1)), "two here weigh as six in the cluster");
    assertEquals(Optional.empty(), ofThree.before(OWNER, OWNERS_ADDRESS, T0), "the owner elsewhere still never waits");
  }
}
