package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
  private static final Optional<String> ADDRESS = Optional.of("203.0.113.7");

  @Test
  void anAddressHoldsAtMostItsLimitAndAClosedSocketFreesItsPlace() {
    ConnectionLimits limits = new ConnectionLimits(2, 0);
    ConnectionLimits.Admitted first = admitted(limits.open("acme", ADDRESS));
    admitted(limits.open("globex", ADDRESS));
    assertEquals(new ConnectionLimits.Refused("per_address"), limits.open("acme", ADDRESS));
    admitted(limits.open("acme", Optional.of("198.51.100.1")));
    first.close();
    first.close();
    admitted(limits.open("acme", ADDRESS));
    assertEquals(new ConnectionLimits.Refused("per_address"), limits.open("acme", ADDRESS), "closing twice frees one place");
  }

  @Test
  void aTenantsSocketsAreCountedAcrossAddressesAndARefusalCountsNowhere() {
    ConnectionLimits limits = new ConnectionLimits(1, 2);
    admitted(limits.open("acme", ADDRESS));
    ConnectionLimits.Admitted second = admitted(limits.open("acme", Optional.empty()));
    assertEquals(new ConnectionLimits.Refused("per_tenant"), limits.open("acme", Optional.of("198.51.100.1")));
    admitted(limits.open("globex", Optional.of("198.51.100.1")));
    second.close();
    admitted(limits.open("acme", Optional.of("192.0.2.9")));
  }

  @Test
  void theRefusalIsRateLimitedWithARetryHint() {
    var refusal = new ConnectionLimits.Refused("per_address").refusal();
    assertEquals(429, refusal.code().httpStatus());
    assertEquals(Optional.of(ConnectionLimits.RETRY_AFTER.toMillis()), refusal.retryAfterMs());
  }

  @Test
  void zeroIsNoLimit() {
    ConnectionLimits none = ConnectionLimits.none();
    List<ConnectionLimits.Admitted> open = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) open.add(admitted(none.open("acme", ADDRESS)));
    open.forEach(ConnectionLimits.Admitted::close);
  }

  private static ConnectionLimits.Admitted admitted(ConnectionLimits.Admission admission) {
    return assertInstanceOf(ConnectionLimits.Admitted.class, admission);
  }
}
