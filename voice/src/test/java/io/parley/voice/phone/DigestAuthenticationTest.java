package io.parley.voice.phone;

import static io.parley.voice.phone.DigestAuthentication.Verdict.ACCEPTED;
import static io.parley.voice.phone.DigestAuthentication.Verdict.OTHER_REQUEST;
import static io.parley.voice.phone.DigestAuthentication.Verdict.REPLAYED;
import static io.parley.voice.phone.DigestAuthentication.Verdict.STALE;
import static io.parley.voice.phone.DigestAuthentication.Verdict.UNKNOWN_NONCE;
import static io.parley.voice.phone.DigestAuthentication.Verdict.WRONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.parley.core.testing.SteppedClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestAuthenticationTest {
  static final String URI = "sip:support@127.0.0.1";
  private static final List<DigestAlgorithm> BOTH = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final DigestAuthentication digest = new DigestAuthentication("parley",
      "a secret of this node".getBytes(StandardCharsets.UTF_8), BOTH, clock);

  @Test
  void theResponseIsComputedAsRfc7616sExamplesShowForSha256AndMd5() {
    // RFC 7616 §3.9.1: the same request answered with each algorithm.
    DigestCredentials mufasa = new DigestCredentials("Mufasa", "http-auth@example.org",
        "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "/dir/index.html", "", Optional.empty(), Optional.of("auth"),
        Optional.of("00000001"), Optional.of("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"));
    assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        DigestAuthentication.expected(mufasa, DigestAlgorithm.SHA_256, "GET", "Circle of Life"));
    assertEquals("8ca523f5e9506fed4657c9700eebdbec",
        DigestAuthentication.expected(mufasa, DigestAlgorithm.MD5, "GET", "Circle of Life"));
  }

  @Test
  void rightCredentialsForAFreshNonceAreAcceptedWithEitherAlgorithmAndWithoutQop() {
    clock.advance(Duration.ofSeconds(2));
    assertEquals(ACCEPTED, digest.check(answer("trunk", "parley", digest.nonce(), "s3cret"), "INVITE", URI, "s3cret"));
    assertEquals(ACCEPTED, digest.check(answerWithQop(digest.nonce(), 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    assertEquals(ACCEPTED, digest.check(answerWithQop(digest.nonce(), 1, DigestAlgorithm.SHA_256), "INVITE", URI,
        "s3cret"));
  }

  @Test
  void aWrongPasswordUserRealmMethodOrAlgorithmIsWrong() {
    String nonce = digest.nonce();
    assertEquals(WRONG, digest.check(answer("trunk", "parley", nonce, "guess"), "INVITE", URI, "s3cret"));
    assertEquals(WRONG, digest.check(answer("trunk", "elsewhere", nonce, "s3cret"), "INVITE", URI, "s3cret"));
    assertEquals(WRONG, digest.check(answer("trunk", "parley", nonce, "s3cret"), "BYE", URI, "s3cret"),
        "computed for another method");
    DigestCredentials md5 = answerWithQop(nonce, 1, DigestAlgorithm.MD5);
    assertEquals(WRONG, digest.check(withAlgorithm(md5, "SHA-256"), "INVITE", URI, "s3cret"),
        "an MD5 response said to be SHA-256");
    assertEquals(WRONG, digest.check(withAlgorithm(md5, "MD5-sess"), "INVITE", URI, "s3cret"), "never offered");
    DigestAuthentication md5Only = new DigestAuthentication("parley", new byte[32], List.of(DigestAlgorithm.MD5), clock);
    assertEquals(WRONG, md5Only.check(answerWithQop(md5Only.nonce(), 1, DigestAlgorithm.SHA_256), "INVITE", URI,
        "s3cret"), "an algorithm this node does not offer");
  }

  @Test
  void aResponseForAnotherRequestUriIsRefusedThoughItsDigestIsRight() {
    DigestCredentials forSupport = answerWithQop(digest.nonce(), 1, DigestAlgorithm.SHA_256);
    assertEquals(OTHER_REQUEST, digest.check(forSupport, "INVITE", "sip:+4930999@127.0.0.1", "s3cret"));
    assertEquals(OTHER_REQUEST, digest.check(forSupport, "INVITE", "sip:Support@127.0.0.1", "s3cret"));
    assertEquals(ACCEPTED, digest.check(forSupport, "INVITE", URI, "s3cret"), "the refusals recorded no count");
  }

  @Test
  void eachUseOfANonceNeedsAHigherCountAndWithoutQopANonceIsGoodOnce() {
    String nonce = digest.nonce();
    assertEquals(ACCEPTED, digest.check(answerWithQop(nonce, 1, DigestAlgorithm.SHA_256), "INVITE", URI, "s3cret"));
    assertEquals(REPLAYED, digest.check(answerWithQop(nonce, 1, DigestAlgorithm.SHA_256), "INVITE", URI, "s3cret"));
    assertEquals(ACCEPTED, digest.check(answerWithQop(nonce, 3, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"),
        "counts may skip, as a client's other requests use some");
    assertEquals(REPLAYED, digest.check(answerWithQop(nonce, 2, DigestAlgorithm.SHA_256), "INVITE", URI, "s3cret"));
    assertEquals(WRONG, digest.check(withNonceCount(answerWithQop(nonce, 4, DigestAlgorithm.MD5), "00000005"), "INVITE",
        URI, "s3cret"), "a count changed after the response was computed");
    assertEquals(ACCEPTED, digest.check(answerWithQop(nonce, 4, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"),
        "the wrong response did not use up count 4");

    clock.advance(Duration.ofSeconds(1));
    String fresh = digest.nonce();
    assertEquals(ACCEPTED, digest.check(answer("trunk", "parley", fresh, "s3cret"), "INVITE", URI, "s3cret"));
    assertEquals(REPLAYED, digest.check(answer("trunk", "parley", fresh, "s3cret"), "INVITE", URI, "s3cret"));
  }

  @Test
  void challengesInTheSameSecondGetNoncesOfTheirOwnSoTheirCountsDoNotMeet() {
    String first = digest.nonce();
    String second = digest.nonce();
    assertNotEquals(first, second);
    assertEquals(ACCEPTED, digest.check(answerWithQop(first, 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    assertEquals(ACCEPTED, digest.check(answerWithQop(second, 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
  }

  @Test
  void aCountIsNotAHexCountOrQopIsNotAuthIsWrong() {
    DigestCredentials counted = answerWithQop(digest.nonce(), 1, DigestAlgorithm.MD5);
    assertEquals(WRONG, digest.check(withNonceCount(counted, "1"), "INVITE", URI, "s3cret"));
    assertEquals(WRONG, digest.check(withNonceCount(counted, "0000000g"), "INVITE", URI, "s3cret"));
    DigestCredentials authInt = new DigestCredentials("trunk", "parley", counted.nonce(), URI, "", Optional.of("MD5"),
        Optional.of("auth-int"), Optional.of("00000001"), Optional.of("c0ffee"));
    assertEquals(WRONG, digest.check(signed(authInt, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
  }

  @Test
  void aNonceOlderThanItsLifetimeIsStaleAndItsCountIsForgotten() {
    String nonce = digest.nonce();
    assertEquals(ACCEPTED, digest.check(answerWithQop(nonce, 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    assertEquals(1, digest.noncesRemembered());
    clock.advance(DigestAuthentication.NONCE_LIFETIME.plusSeconds(1));
    assertEquals(STALE, digest.check(answerWithQop(nonce, 2, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    assertEquals(WRONG, digest.check(answer("trunk", "parley", nonce, "guess"), "INVITE", URI, "s3cret"),
        "stale is only said of right credentials");
    assertEquals(ACCEPTED, digest.check(answerWithQop(digest.nonce(), 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    assertEquals(1, digest.noncesRemembered(), "the expired nonce was forgotten when the next was recorded");
  }

  @Test
  void pastItsCapacityANewNonceIsRefusedWhileTheRememberedKeepTheirCounts() {
    DigestAuthentication small = new DigestAuthentication("parley", new byte[32], BOTH, clock, 2);
    String first = small.nonce();
    assertEquals(ACCEPTED, small.check(answerWithQop(first, 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(ACCEPTED, small.check(answerWithQop(small.nonce(), 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(REPLAYED, small.check(answerWithQop(small.nonce(), 1, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"),
        "no room: refused, and the caller is challenged again");
    assertEquals(ACCEPTED, small.check(answerWithQop(first, 2, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"),
        "a remembered nonce goes on being counted");
    assertEquals(REPLAYED, small.check(answerWithQop(first, 2, DigestAlgorithm.MD5), "INVITE", URI, "s3cret"));
  }

  @Test
  void aNonceThisNodeDidNotIssueIsUnknown() {
    DigestAuthentication otherNode = DigestAuthentication.withRandomSecret("parley", BOTH, clock);
    String theirs = otherNode.nonce();
    assertNotEquals(theirs, digest.nonce());
    assertEquals(UNKNOWN_NONCE, digest.check(answer("trunk", "parley", theirs, "s3cret"), "INVITE", URI, "s3cret"));
    assertEquals(UNKNOWN_NONCE, digest.check(answer("trunk", "parley", "made-up", "s3cret"), "INVITE", URI, "s3cret"));
    String forgedTime = (clock.instant().getEpochSecond() + 3600) + digest.nonce().substring(10);
    assertEquals(UNKNOWN_NONCE, digest.check(answer("trunk", "parley", forgedTime, "s3cret"), "INVITE", URI, "s3cret"));
  }

  /** What a caller computes without qop (RFC 2069 compatibility, as some trunks answer), for {@link #URI}. */
  static DigestCredentials answer(String user, String realm, String nonce, String password) {
    DigestCredentials unsigned = new DigestCredentials(user, realm, nonce, URI, "", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    return withResponse(unsigned, DigestAuthentication.expected(unsigned, DigestAlgorithm.MD5, "INVITE", password));
  }

  /** What a caller computes with {@code qop=auth} for {@link #URI}, as user "trunk" with password "s3cret". */
  static DigestCredentials answerWithQop(String nonce, long count, DigestAlgorithm algorithm) {
    return signed(new DigestCredentials("trunk", "parley", nonce, URI, "", Optional.of(algorithm.token()),
        Optional.of("auth"), Optional.of(String.format("%08x", count)), Optional.of("c0ffee")), algorithm);
  }

  private static DigestCredentials signed(DigestCredentials unsigned, DigestAlgorithm algorithm) {
    return withResponse(unsigned, DigestAuthentication.expected(unsigned, algorithm, "INVITE", "s3cret"));
  }

  private static DigestCredentials withResponse(DigestCredentials c, String response) {
    return new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), response, c.algorithm(), c.qop(),
        c.nonceCount(), c.clientNonce());
  }

  private static DigestCredentials withAlgorithm(DigestCredentials c, String algorithm) {
    return new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(), Optional.of(algorithm),
        c.qop(), c.nonceCount(), c.clientNonce());
  }

  private static DigestCredentials withNonceCount(DigestCredentials c, String count) {
    return new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(), c.algorithm(), c.qop(),
        Optional.of(count), c.clientNonce());
  }
}
