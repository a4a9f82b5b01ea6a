package io.parley.voice.phone;

import static io.parley.voice.phone.DigestAuthenticationTest.URI;
import static io.parley.voice.phone.DigestAuthenticationTest.answer;
import static io.parley.voice.phone.DigestAuthenticationTest.answerWithQop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.SteppedClock;
import io.parley.voice.phone.CallAdmission.Admitted;
import io.parley.voice.phone.CallAdmission.Challenge;
import io.parley.voice.phone.CallAdmission.Forbidden;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallAdmissionTest {
  private static final SipTrunk CARRIER = new SipTrunk("carrier", Set.of("203.0.113.5"), "parley", "s3cret");
  private static final SipTrunk ANYWHERE = new SipTrunk("roaming", Set.of(), "roamer", "r0am");
  private static final SipTrunk QOP_TRUNK = new SipTrunk("office", Set.of("203.0.113.5"), "trunk", "s3cret");
  private static final List<DigestAlgorithm> BOTH = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final DigestAuthentication digest = DigestAuthentication.withRandomSecret("parley", BOTH, clock);

  @Test
  void withNothingConfiguredLoopbackIsLetInAndNothingElse() {
    CallAdmission quickStart = new CallAdmission(List.of(), Set.of(), digest);
    assertEquals(new Admitted(Optional.empty()), quickStart.decide("127.0.0.1", true, List.of(), "INVITE", URI));
    assertInstanceOf(Forbidden.class, quickStart.decide("198.51.100.7", false, List.of(), "INVITE", URI));
  }

  @Test
  void allowedSourcesAreLetInByAddressAndStarLetsAnyoneIn() {
    CallAdmission listed = new CallAdmission(List.of(), Set.of("198.51.100.7"), digest);
    assertEquals(new Admitted(Optional.empty()), listed.decide("198.51.100.7", false, List.of(), "INVITE", URI));
    assertInstanceOf(Forbidden.class, listed.decide("127.0.0.1", true, List.of(), "INVITE", URI),
        "a list replaces the loopback default");
    CallAdmission open = new CallAdmission(List.of(), Set.of("*"), digest);
    assertInstanceOf(Admitted.class, open.decide("192.0.2.1", false, List.of(), "INVITE", URI));
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
  void aTrunksSourceIsChallengedWithEveryAlgorithmThenLetInWithItsCredentials() {
    CallAdmission admission = new CallAdmission(List.of(CARRIER), Set.of(), digest);
    Challenge challenge = assertInstanceOf(Challenge.class,
        admission.decide("203.0.113.5", false, List.of(), "INVITE", URI));
    assertEquals("parley", challenge.realm());
    assertEquals(BOTH, challenge.algorithms(), "SHA-256 first, then MD5 for the trunks that know only that");
    assertEquals(false, challenge.stale());
    assertEquals(Optional.empty(), challenge.suspicion(), "a first INVITE without credentials is the usual start");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(new Admitted(Optional.of("carrier")), admission.decide("203.0.113.5", false,
        List.of(answer("parley", "parley", challenge.nonce(), "s3cret")), "INVITE", URI));
    assertInstanceOf(Admitted.class, admission.decide("127.0.0.1", true, List.of(), "INVITE", URI),
        "the trunk has sources of its own: loopback is let in as in the quick start");
  }

  @Test
  void aWrongPasswordOrUnknownUserIsForbiddenAndAStaleNonceIsChallengedAgain() {
    CallAdmission admission = new CallAdmission(List.of(CARRIER, ANYWHERE), Set.of(), digest);
    String nonce = ((Challenge) admission.decide("203.0.113.5", false, List.of(), "INVITE", URI)).nonce();
    assertInstanceOf(Forbidden.class, admission.decide("203.0.113.5", false,
        List.of(answer("parley", "parley", nonce, "guess")), "INVITE", URI));
    assertInstanceOf(Forbidden.class, admission.decide("203.0.113.5", false,
        List.of(answer("mallory", "parley", nonce, "s3cret")), "INVITE", URI));
    assertInstanceOf(Forbidden.class, admission.decide("192.0.2.1", false,
        List.of(answer("parley", "parley", nonce, "s3cret")), "INVITE", URI), "the carrier's credentials from elsewhere");
    clock.advance(DigestAuthentication.NONCE_LIFETIME.plusSeconds(5));
    Challenge again = assertInstanceOf(Challenge.class, admission.decide("203.0.113.5", false,
        List.of(answer("parley", "parley", nonce, "s3cret")), "INVITE", URI));
    assertTrue(again.stale());
    assertEquals(Optional.empty(), again.suspicion(), "an expired nonce is no replay");
  }

  @Test
  void aCapturedAnswerReplayedToAnotherNumberIsForbiddenAndToTheSameNumberIsChallenged() {
    CallAdmission admission = new CallAdmission(List.of(QOP_TRUNK), Set.of(), digest);
    String nonce = ((Challenge) admission.decide("203.0.113.5", false, List.of(), "INVITE", URI)).nonce();
    DigestCredentials captured = answerWithQop(nonce, 1, DigestAlgorithm.SHA_256);
    assertEquals(new Admitted(Optional.of("office")), admission.decide("203.0.113.5", false, List.of(captured), "INVITE",
        URI));
    Forbidden elsewhere = assertInstanceOf(Forbidden.class, admission.decide("203.0.113.5", false, List.of(captured),
        "INVITE", "sip:+4930999@127.0.0.1"));
    assertTrue(elsewhere.reason().contains("another Request-URI"), elsewhere.reason());
    Challenge again = assertInstanceOf(Challenge.class, admission.decide("203.0.113.5", false, List.of(captured),
        "INVITE", URI));
    assertFalse(again.stale(), "not stale: the caller must compute a new answer");
    assertNotEquals(nonce, again.nonce());
    assertTrue(again.suspicion().orElseThrow().contains("nonce count used already"), again.toString());
  }

  @Test
  void oneRightAnswerAmongSeveralLetsTheCallInAndAChallengeIsPreferredToARefusal() {
    CallAdmission admission = new CallAdmission(List.of(QOP_TRUNK), Set.of(), digest);
    String nonce = ((Challenge) admission.decide("203.0.113.5", false, List.of(), "INVITE", URI)).nonce();
    DigestCredentials md5AsSha256 = new DigestCredentials("trunk", "parley", nonce, URI,
        answerWithQop(nonce, 1, DigestAlgorithm.MD5).response(), Optional.of("SHA-256"), Optional.of("auth"),
        Optional.of("00000001"), Optional.of("c0ffee"));
    DigestCredentials md5 = answerWithQop(nonce, 1, DigestAlgorithm.MD5);
    assertEquals(new Admitted(Optional.of("office")), admission.decide("203.0.113.5", false, List.of(md5AsSha256, md5),
        "INVITE", URI), "a client that answered both challenges and could only compute MD5");
    assertInstanceOf(Challenge.class, admission.decide("203.0.113.5", false, List.of(md5AsSha256, md5), "INVITE", URI),
        "count 1 is used: challenged again rather than refused for the answer it could never compute");
    assertInstanceOf(Forbidden.class, admission.decide("203.0.113.5", false, List.of(md5AsSha256), "INVITE", URI));
  }

  @Test
  void aTrunkWithoutSourcesAuthenticatesEveryCallerLoopbackIncludedButNotListedSources() {
    CallAdmission admission = new CallAdmission(List.of(ANYWHERE), Set.of("198.51.100.7"), digest);
    assertInstanceOf(Challenge.class, admission.decide("127.0.0.1", true, List.of(), "INVITE", URI));
    assertInstanceOf(Challenge.class, admission.decide("192.0.2.1", false, List.of(), "INVITE", URI));
    assertInstanceOf(Admitted.class, admission.decide("198.51.100.7", false, List.of(), "INVITE", URI));
  }
}
