package io.parley.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The precedence of a dialled number's routes: the operator's, the tenants' claims, the quick start. */
class CallRoutingTest {
  @Test
  void theOperatorsMappingWinsOverEveryClaim() {
    CallRouting routing = new CallRouting(Map.of("+4930123456", "acme"), "demo");
    assertEquals(Optional.of(CallRouting.Route.live("acme")), routing.byOperator("+49 30 123 456"));
    assertEquals(Optional.empty(), routing.byOperator("+4940555"), "left to the claims");
    assertEquals(List.of("phoneNumbers[1]: +4930123456 is routed to another tenant by the node's PARLEY_SIP_NUMBERS"),
        routing.operatorConflicts("globex", List.of("+4940555", "+4930123456")));
    assertEquals(List.of(), routing.operatorConflicts("acme", List.of("+4930123456")), "its own number, twice mapped");
  }

  @Test
  void aClaimRoutesItsNumberAndAnUnknownOneReachesTheDefaultTenantOnlyWhileNoNumberIsHeld() {
    CallRouting quickStart = new CallRouting(Map.of(), "demo");
    assertEquals(CallRouting.Route.live("demo"), quickStart.byClaim(Optional.empty(), false, false));
    assertEquals(CallRouting.Route.nowhere(), quickStart.byClaim(Optional.empty(), false, true), "a number is held somewhere");
    assertEquals(new CallRouting.Route(Optional.of("acme"), true), quickStart.byClaim(Optional.of("acme"), true, true));

    CallRouting operated = new CallRouting(Map.of("+4930123456", "acme"), "demo");
    assertEquals(CallRouting.Route.nowhere(), operated.byClaim(Optional.empty(), false, false),
        "the operator maps numbers: an unknown one is nobody's");
  }
}
