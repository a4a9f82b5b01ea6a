package io.parley.core.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestAuthenticationTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final DigestAuthentication digest = new DigestAuthentication("parley", "a secret of this node".getBytes(
      StandardCharsets.UTF_8));

  @Test
  void theResponseIsComputedAsRfc2617sExampleShowsWithQopAuth() {
    DigestCredentials mufasa = new DigestCredentials("Mufasa", "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        "/dir/index.html", "6629fae49393a05397450978507c4ef1", Optional.of("MD5"), Optional.of("auth"),
        Optional.of("00000001"), Optional.of("0a4f113b"));
    assertEquals("6629fae49393a05397450978507c4ef1", DigestAuthentication.expected(mufasa, "GET", "Circle Of Life"));
  }

  @Test
  void rightCredentialsForAFreshNonceAreAccepted() {
    String nonce = digest.nonce(NOW);
    assertEquals(DigestAuthentication.Verdict.ACCEPTED,
        digest.check(answer("trunk", "parley", nonce, "s3cret"), "INVITE", "s3cret", NOW.plusSeconds(2)));
    assertEquals(DigestAuthentication.Verdict.ACCEPTED,
        digest.check(answerWithQop("trunk", nonce, "s3cret"), "INVITE", "s3cret", NOW.plusSeconds(2)));
  }

  @Test
  void aWrongPasswordUserOrRealmIsWrong() {
    String nonce = digest.nonce(NOW);
    assertEquals(DigestAuthentication.Verdict.WRONG,
        digest.check(answer("trunk", "parley", nonce, "guess"), "INVITE", "s3cret", NOW));
    assertEquals(DigestAuthentication.Verdict.WRONG,
        digest.check(answer("trunk", "elsewhere", nonce, "s3cret"), "INVITE", "s3cret", NOW));
    assertEquals(DigestAuthentication.Verdict.WRONG,
        digest.check(answer("trunk", "parley", nonce, "s3cret"), "BYE", "s3cret", NOW), "computed for another method");
  }

  @Test
  void aNonceOlderThanItsLifetimeIsStaleWhenTheDigestIsRight() {
    String nonce = digest.nonce(NOW);
    Instant later = NOW.plus(DigestAuthentication.NONCE_LIFETIME).plusSeconds(1);
    assertEquals(DigestAuthentication.Verdict.STALE, digest.check(answer("trunk", "parley", nonce, "s3cret"), "INVITE",
        "s3cret", later));
    assertEquals(DigestAuthentication.Verdict.WRONG, digest.check(answer("trunk", "parley", nonce, "guess"), "INVITE",
        "s3cret", later), "stale is only said of right credentials");
  }

  @Test
  void aNonceThisNodeDidNotIssueIsUnknown() {
    DigestAuthentication otherNode = DigestAuthentication.withRandomSecret("parley");
    String theirs = otherNode.nonce(NOW);
    assertNotEquals(theirs, digest.nonce(NOW));
    assertEquals(DigestAuthentication.Verdict.UNKNOWN_NONCE,
        digest.check(answer("trunk", "parley", theirs, "s3cret"), "INVITE", "s3cret", NOW));
    assertEquals(DigestAuthentication.Verdict.UNKNOWN_NONCE,
        digest.check(answer("trunk", "parley", "made-up", "s3cret"), "INVITE", "s3cret", NOW));
    String forgedTime = (NOW.getEpochSecond() + 3600) + digest.nonce(NOW).substring(10);
    assertEquals(DigestAuthentication.Verdict.UNKNOWN_NONCE,
        digest.check(answer("trunk", "parley", forgedTime, "s3cret"), "INVITE", "s3cret", NOW));
  }

  /** What a caller computes without qop (RFC 2069 compatibility, as many trunks answer). */
  static DigestCredentials answer(String user, String realm, String nonce, String password) {
    DigestCredentials unsigned = new DigestCredentials(user, realm, nonce, "sip:support@127.0.0.1", "",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    return withResponse(unsigned, DigestAuthentication.expected(unsigned, "INVITE", password));
  }

  private static DigestCredentials answerWithQop(String user, String nonce, String password) {
    DigestCredentials unsigned = new DigestCredentials(user, "parley", nonce, "sip:support@127.0.0.1", "",
        Optional.of("MD5"), Optional.of("auth"), Optional.of("00000001"), Optional.of("c0ffee"));
    return withResponse(unsigned, DigestAuthentication.expected(unsigned, "INVITE", password));
  }

  private static DigestCredentials withResponse(DigestCredentials c, String response) {
    return new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), response, c.algorithm(), c.qop(),
        c.nonceCount(), c.clientNonce());
  }
}
