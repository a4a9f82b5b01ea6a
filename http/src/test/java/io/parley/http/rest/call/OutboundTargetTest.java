package io.parley.http.rest.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.net.OutboundAddressPolicy;
import io.parley.persistence.calls.OutboundTrunkRow;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whom a placed call goes to: numbers at the trunk, SIP URIs at the trunk or past the outbound policy. */
class OutboundTargetTest {
  private static final Optional<OutboundTrunkRow> TRUNK = Optional.of(new OutboundTrunkRow("acme", "10.0.0.7", 5080,
      Optional.of("acme-out"), Optional.empty(), "+4930111222", Instant.EPOCH));
  private static final OutboundAddressPolicy POLICY = OutboundAddressPolicy.globalOnly();

  @Test
  void aNumberIsDialledAtTheTrunkAndKeptMasked() {
    OutboundTarget target = OutboundTarget.of("+49 (151) 1234-5678", TRUNK, POLICY);
    assertEquals("+4915112345678", target.user());
    assertEquals("10.0.0.7", target.host());
    assertEquals(5080, target.port());
    assertTrue(target.viaTrunk());
    assertEquals("+*********5678", target.masked());
    IllegalArgumentException noTrunk = assertThrows(IllegalArgumentException.class,
        () -> OutboundTarget.of("+4915112345678", Optional.empty(), POLICY));
    assertTrue(noTrunk.getMessage().contains("PUT /v1/calls/trunk"), noTrunk.getMessage());
  }

  @Test
  void aSipUriAtTheTrunkGoesThroughItAndAnyOtherHostMustPassThePolicy() {
    OutboundTarget atTrunk = OutboundTarget.of("sip:sales@10.0.0.7:5080", TRUNK, POLICY);
    assertTrue(atTrunk.viaTrunk(), "the trunk's own host is not refused as private");
    assertEquals("sip:**les@10.0.0.7", atTrunk.masked(), "a short user shows at most all but two of its characters");

    IllegalArgumentException internal = assertThrows(IllegalArgumentException.class,
        () -> OutboundTarget.of("sip:admin@10.0.0.8", TRUNK, POLICY));
    assertTrue(internal.getMessage().contains("does not call 10.0.0.8"), internal.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OutboundTarget.of("sip:admin@10.0.0.7:5060", TRUNK, POLICY),
        "the trunk's host on another port is another address");
    assertThrows(IllegalArgumentException.class, () -> OutboundTarget.of("sip:meta@169.254.169.254", TRUNK, POLICY));

    OutboundTarget allowed = OutboundTarget.of("sip:bob@10.0.0.8", TRUNK, OutboundAddressPolicy.parse("10.0.0.0/8"));
    assertFalse(allowed.viaTrunk(), "straight to the host, without the trunk's login");
    assertEquals(5060, allowed.port());
  }

  @Test
  void anythingElseIsRefusedWithTheFormsExpected() {
    for (String to : new String[] {"call me", "0301234", "sips:bob@example.com", "sip:@example.com", "sip:bob@ex ample.com"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> OutboundTarget.of(to, TRUNK, POLICY));
      assertTrue(refused.getMessage().contains("E.164"), to + ": " + refused.getMessage());
    }
  }
}
