package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.freeLoopbackPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk that authenticates by digest, end to end over real SIP on loopback: with a trunk
 * configured for every source ({@code PARLEY_SIP_TRUNKS}, its password in a file), a call without
 * credentials is challenged (401), one whose phone answers the challenge (JAIN SIP's own digest
 * client) is answered, and one with a wrong password is refused (403).
 */
@RealTime
class PhoneTrunkEndToEndTest {
  private FakeChatCompletionsServer model;
  private ParleyNode node;
  private int sipPort;

  @BeforeEach
  void start(@TempDir Path secrets) throws Exception {
    model = FakeChatCompletionsServer.start(request -> "Your ticket is open.");
    sipPort = freeLoopbackPort();
    Path password = Files.writeString(secrets.resolve("office-trunk"), "s3cret\n");
    node = TestPhoneNode.start(model.baseUrl(), sipPort,
        Map.of("parley.sip.trunks", "[{\"name\":\"office\",\"username\":\"office-pbx\",\"passwordFile\":\"" + password + "\"}]"));
  }

  @AfterEach
  void stop() {
    node.close();
    model.close();
  }

  @Test
  void aCallWithoutCredentialsIsChallengedWithADigestNonce() throws Exception {
    try (TestPhone phone = new TestPhone(freeLoopbackPort())) {
      Response challenged = phone.call(sipPort, "+4915112345678", "support", phone.offer());
      assertEquals(401, challenged.getStatusCode());
      WWWAuthenticateHeader digest = (WWWAuthenticateHeader) challenged.getHeader(WWWAuthenticateHeader.NAME);
      assertEquals("Digest", digest.getScheme());
      assertEquals("parley", digest.getRealm());
      assertEquals("MD5", digest.getAlgorithm());
      assertTrue(digest.getNonce() != null && !digest.getNonce().isBlank(), digest.toString());
    }
  }

  @Test
  void aTrunkThatAnswersTheChallengeWithItsCredentialsIsAnswered() throws Exception {
    try (TestPhone phone = new TestPhone(freeLoopbackPort())) {
      phone.signInAs("office-pbx", "s3cret");
      Response answered = phone.call(sipPort, "+4915112345678", "support", phone.offer());
      assertEquals(200, answered.getStatusCode());
      assertEquals(1, phone.challenges(), "challenged once, then answered");
      phone.hangUp();
    }
  }

  @Test
  void aWrongPasswordIsRefusedWith403() throws Exception {
    try (TestPhone phone = new TestPhone(freeLoopbackPort())) {
      phone.signInAs("office-pbx", "guess");
      Response refused = phone.call(sipPort, "+4915112345678", "support", phone.offer());
      assertEquals(403, refused.getStatusCode());
      assertEquals(1, phone.challenges());
    }
  }
}
