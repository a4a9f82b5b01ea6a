package io.parley.core.phone;

import static io.parley.core.phone.DigestAuthenticationTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.phone.CallAdmission.Admitted;
import io.parley.core.phone.CallAdmission.Challenge;
import io.parley.core.phone.CallAdmission.Forbidden;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final SipTrunk CARRIER = new SipTrunk("carrier", Set.of("203.0.113.5"), "parley", "s3cret");
  private static final SipTrunk ANYWHERE = new SipTrunk("roaming", Set.of(), "roamer", "r0am");
  private final DigestAuthentication digest = DigestAuthentication.withRandomSecret("parley");

  @Test
  void withNothingConfiguredLoopbackIsLetInAndNothingElse() {
    CallAdmission quickStart = new CallAdmission(List.of(), Set.of(), digest);
    assertEquals(new Admitted(Optional.empty()), quickStart.decide("127.0.0.1", true, Optional.empty(), "INVITE", NOW));
    assertInstanceOf(Forbidden.class, quickStart.decide("198.51.100.7", false, Optional.empty(), "INVITE", NOW));
  }

  @Test
  void allowedSourcesAreLetInByAddressAndStarLetsAnyoneIn() {
    CallAdmission listed = new CallAdmission(List.of(), Set.of("198.51.100.7"), digest);
    assertEquals(new Admitted(Optional.empty()), listed.decide("198.51.100.7", false, Optional.empty(), "INVITE", NOW));
    assertInstanceOf(Forbidden.class, listed.decide("127.0.0.1", true, Optional.empty(), "INVITE", NOW),
        "a list replaces the loopback default");
    CallAdmission open = new CallAdmission(List.of(), Set.of("*"), digest);
    assertInstanceOf(Admitted.class, open.decide("192.0.2.1", false, Optional.empty(), "INVITE", NOW));
  }

  @Test
  void onlyAddressesListedByNameAreTrunkAddresses() {
    CallAdmission admission = new CallAdmission(List.of(CARRIER, ANYWHERE), Set.of("198.51.100.7", "*"), digest);
    assertTrue(admission.isTrunkAddress("198.51.100.7"), "an allowed source");
    assertTrue(admission.isTrunkAddress("203.0.113.5"), "a trunk's source");
    assertFalse(admission.isTrunkAddress("192.0.2.1"), "let in by * or by a trunk without sources, but not named");
    assertFalse(new CallAdmission(List.of(), Set.of(), digest).isTrunkAddress("127.0.0.1"), "the loopback default");
  }

  @Test
  void aTrunksSourceIsChallengedThenLetInWithItsCredentials() {
    CallAdmission admission = new CallAdmission(List.of(CARRIER), Set.of(), digest);
    Challenge challenge = assertInstanceOf(Challenge.class,
        admission.decide("203.0.113.5", false, Optional.empty(), "INVITE", NOW));
    assertEquals("parley", challenge.realm());
    assertEquals(false, challenge.stale());
    assertEquals(new Admitted(Optional.of("carrier")), admission.decide("203.0.113.5", false,
        Optional.of(answer("parley", "parley", challenge.nonce(), "s3cret")), "INVITE", NOW.plusSeconds(1)));
    assertInstanceOf(Admitted.class, admission.decide("127.0.0.1", true, Optional.empty(), "INVITE", NOW),
        "the trunk has sources of its own: loopback is let in as in the quick start");
  }

  @Test
  void aWrongPasswordOrUnknownUserIsForbiddenAndAStaleNonceIsChallengedAgain() {
    CallAdmission admission = new CallAdmission(List.of(CARRIER, ANYWHERE), Set.of(), digest);
    String nonce = ((Challenge) admission.decide("203.0.113.5", false, Optional.empty(), "INVITE", NOW)).nonce();
    assertInstanceOf(Forbidden.class, admission.decide("203.0.113.5", false,
        Optional.of(answer("parley", "parley", nonce, "guess")), "INVITE", NOW));
    assertInstanceOf(Forbidden.class, admission.decide("203.0.113.5", false,
        Optional.of(answer("mallory", "parley", nonce, "s3cret")), "INVITE", NOW));
    assertInstanceOf(Forbidden.class, admission.decide("192.0.2.1", false,
        Optional.of(answer("parley", "parley", nonce, "s3cret")), "INVITE", NOW), "the carrier's credentials from elsewhere");
    Challenge again = assertInstanceOf(Challenge.class, admission.decide("203.0.113.5", false,
        Optional.of(answer("parley", "parley", nonce, "s3cret")), "INVITE", NOW.plus(DigestAuthentication.NONCE_LIFETIME)
            .plusSeconds(5)));
    assertTrue(again.stale());
  }

  @Test
  void aTrunkWithoutSourcesAuthenticatesEveryCallerLoopbackIncludedButNotListedSources() {
    CallAdmission admission = new CallAdmission(List.of(ANYWHERE), Set.of("198.51.100.7"), digest);
    assertInstanceOf(Challenge.class, admission.decide("127.0.0.1", true, Optional.empty(), "INVITE", NOW));
    assertInstanceOf(Challenge.class, admission.decide("192.0.2.1", false, Optional.empty(), "INVITE", NOW));
    assertInstanceOf(Admitted.class, admission.decide("198.51.100.7", false, Optional.empty(), "INVITE", NOW));
  }
}
