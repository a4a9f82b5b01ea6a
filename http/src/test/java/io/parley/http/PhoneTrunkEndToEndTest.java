package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.voice.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk that authenticates by digest, end to end over real SIP on loopback: with a trunk
 * configured for every source ({@code PARLEY_SIP_TRUNKS}, its password in a file), a call without
 * credentials is challenged (401, SHA-256 then MD5), one whose phone answers the challenge (JAIN
 * SIP's own digest client, MD5; a caller computing SHA-256 itself) is answered, one with a wrong
 * password is refused (403), and an answer captured off the wire and sent again is refused.
 */
@RealTime
class PhoneTrunkEndToEndTest {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;
  private static int sipPort;

  @BeforeAll
  static void start(@TempDir Path secrets) throws Exception {
    model = FakeChatCompletionsServer.start(request -> "Your ticket is open.");
    PhonePorts ports = PhonePorts.take(200);
    sipPort = ports.sip();
    Path password = Files.writeString(secrets.resolve("office-trunk"), "s3cret\n");
    node = TestPhoneNode.start(model.baseUrl(), ports,
        Map.of("parley.sip.trunks", "[{\"name\":\"office\",\"username\":\"office-pbx\",\"passwordFile\":\"" + password + "\"}]"));
  }

  @AfterAll
  static void stop() {
    node.close();
    model.close();
  }

  @Test
  void aCallWithoutCredentialsIsChallengedWithSha256FirstThenMd5() throws Exception {
    try (RawSipCaller caller = new RawSipCaller(sipPort)) {
      RawSipCaller.Reply challenged = caller.invite("support", List.of());
      assertEquals(401, challenged.status());
      List<String> challenges = challenged.headers(WWWAuthenticateHeader.NAME);
      assertEquals(2, challenges.size(), challenged.text());
      assertTrue(challenges.get(0).matches("Digest .*algorithm=SHA-256.*"), challenges.get(0));
      assertTrue(challenges.get(1).matches("Digest .*algorithm=MD5.*"), challenges.get(1));
      for (String challenge : challenges) {
        assertTrue(challenge.contains("realm=\"parley\"") && challenge.contains("qop=\"auth\""), challenge);
      }
      assertEquals(nonce(challenges.get(0)), nonce(challenges.get(1)), "one nonce, whichever algorithm answers it");
    }
  }

  @Test
  void aTrunkThatAnswersTheChallengeWithItsCredentialsIsAnswered() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      assertEquals(200, callSignedInAs(phone, "s3cret").getStatusCode());
      phone.hangUp();
    }
  }

  @Test
  void aWrongPasswordIsRefusedWith403() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      assertEquals(403, callSignedInAs(phone, "guess").getStatusCode());
    }
  }

  /** The office trunk's call to support with {@code password}, answered or refused after one challenge. */
  private Response callSignedInAs(TestPhone phone, String password) throws Exception {
    phone.signInAs("office-pbx", password);
    Response response = phone.call(sipPort, "+4915112345678", "support", phone.offer());
    assertEquals(1, phone.challenges(), "challenged once, then answered or refused");
    return response;
  }

  @Test
  void aSha256AnswerIsAnsweredAndTheSameAnswerSentAgainIsRefusedForAnotherNumberAndForTheSameOne() throws Exception {
    String captured;
    try (RawSipCaller trunk = new RawSipCaller(sipPort)) {
      String nonce = nonce(trunk.invite("support", List.of()).headers(WWWAuthenticateHeader.NAME).get(0));
      captured = sha256Authorization("office-pbx", "s3cret", nonce, trunk.requestUri(), "00000001");
      assertEquals(200, trunk.invite("support", List.of(captured)).status());
      assertEquals(200, trunk.ackAndHangUp().status());
    }
    // Each from an address of its own: the node logs a source's refusals once a minute.
    try (LogCapture refusals = new LogCapture("io.parley.voice.phone.RefusalLog")) {
      try (RawSipCaller eavesdropper = new RawSipCaller("127.0.0.6", sipPort)) {
        assertEquals(403, eavesdropper.invite("+4930999888", List.of(captured)).status(),
            "computed for sip:support@…: refused for another number");
      }
      try (RawSipCaller eavesdropper = new RawSipCaller("127.0.0.7", sipPort)) {
        RawSipCaller.Reply again = eavesdropper.invite("support", List.of(captured));
        assertEquals(401, again.status(), "nonce count 1 was used: the caller must answer a new challenge");
        assertNotEquals(nonce(captured), nonce(again.headers(WWWAuthenticateHeader.NAME).get(0)));
      }
      List<String> logged = refusals.at(Level.WARN);
      assertTrue(logged.stream().anyMatch(line -> line.startsWith("SIP from 127.0.0.6 refused: credentials of trunk office "
          + "computed for another Request-URI")), logged.toString());
      assertTrue(logged.stream().anyMatch(line -> line.startsWith("SIP from 127.0.0.7 refused: credentials of trunk office "
          + "with a nonce count used already")), logged.toString());
    }
  }

  private static String nonce(String header) {
    Matcher nonce = NONCE.matcher(header);
    assertTrue(nonce.find(), header);
    return nonce.group(1);
  }

  /** RFC 7616 §3.4.1 with SHA-256 and qop=auth, written out here so the node's own code is not its judge. */
  private static String sha256Authorization(String user, String password, String nonce, String uri, String count)
      throws Exception {
    String clientNonce = "0a4f113b";
    String response = sha256(sha256(user + ":parley:" + password) + ":" + nonce + ":" + count + ":" + clientNonce
        + ":auth:" + sha256("INVITE:" + uri));
    return "Authorization: Digest username=\"" + user + "\",realm=\"parley\",nonce=\"" + nonce + "\",uri=\"" + uri
        + "\",response=\"" + response + "\",algorithm=SHA-256,qop=auth,nc=" + count + ",cnonce=\"" + clientNonce + "\"";
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
