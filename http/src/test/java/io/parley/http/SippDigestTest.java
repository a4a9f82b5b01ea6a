package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static io.parley.http.PhoneEndToEndTest.freeLoopbackPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digest authentication with a client nobody here wrote: sipp answers the node's challenge with its
 * own {@code [authentication]} (MD5, the only algorithm sipp 3.6 computes, so the node offers MD5
 * alone) and completes a call; the {@code Authorization} header it sent, taken from its message
 * trace as an eavesdropper on the trunk would take it, is then sent again by another caller: to
 * another number it is refused (403), to the same number its nonce count is used up (a new 401).
 */
@RealTime
class SippDigestTest {
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private static final Pattern AUTHORIZATION = Pattern.compile("(?m)^Authorization: *Digest .*$");
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;
  private static int sipPort;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start(request -> "Your ticket is open.");
    sipPort = freeLoopbackPort();
    node = TestPhoneNode.start(model.baseUrl(), sipPort, Map.of("parley.sip.digest-algorithms", "MD5",
        "parley.sip.trunks", "[{\"name\":\"office\",\"username\":\"office-pbx\",\"password\":\"s3cret\"}]"));
  }

  @AfterAll
  static void stop() {
    node.close();
    model.close();
  }

  @Test
  void sippAnswersTheChallengeAndItsCallIsAnsweredAndClosed(@TempDir Path work) throws Exception {
    String log = Sipp.read(completedCall(work).resolve("sipp-log.txt"));
    Matcher session = SESSION.matcher(log);
    assertTrue(session.find(), "the 200 OK carried X-Parley-Session:\n" + log);
    JsonNode closed = awaitSession(node.httpPort(), session.group(1), view -> view.get("status").asText().equals("archived"));
    assertEquals("caller hung up", closed.get("closeReason").asText());
  }

  @Test
  void sippWithAWrongPasswordIsRefused(@TempDir Path work) throws Exception {
    Sipp.Run call = authenticatedCall(work, "guess");
    assertTrue(call.exitCode() != 0, "the call failed:\n" + call.output());
    String messages = Sipp.read(work.resolve("sipp-messages.txt"));
    assertTrue(messages.contains("SIP/2.0 403 Forbidden"), messages);
  }

  @Test
  void anAuthorizationTakenOffTheWireIsRefusedForAnotherNumberAndForTheSameOne(@TempDir Path work) throws Exception {
    String messages = Sipp.read(completedCall(work).resolve("sipp-messages.txt"));
    Matcher sent = AUTHORIZATION.matcher(messages);
    assertTrue(sent.find(), "sipp's trace holds the INVITE it authenticated:\n" + messages);
    String captured = sent.group().strip();
    assertTrue(captured.contains("uri=\"sip:support@127.0.0.1:" + sipPort + "\"") && captured.contains("nc=00000001"),
        captured);

    try (RawSipCaller eavesdropper = new RawSipCaller(sipPort)) {
      assertEquals(403, eavesdropper.invite("+4930999888", List.of(captured)).status(),
          "computed for sip:support@…: refused for another number");
    }
    try (RawSipCaller eavesdropper = new RawSipCaller(sipPort)) {
      assertEquals(401, eavesdropper.invite("support", List.of(captured)).status(),
          "the same number, the nonce count used already: challenged, not answered");
    }
  }

  /** A call sipp completed with the trunk's password; returns the folder with its log and message trace. */
  private static Path completedCall(Path work) throws Exception {
    Sipp.Run call = authenticatedCall(work, "s3cret");
    assertEquals(0, call.exitCode(), "sipp counts the call successful:\n" + call.output());
    return work;
  }

  /** sipp calling {@code support} as the trunk's user, its digest's uri the Request-URI, tracing into {@code work}. */
  private static Sipp.Run authenticatedCall(Path work, String password) throws Exception {
    return Sipp.call(work, "parley_uac_auth.xml", sipPort, "support", List.of("-au", "office-pbx", "-ap", password,
        "-auth_uri", "support@127.0.0.1:" + sipPort, "-trace_logs", "-log_file", work.resolve("sipp-log.txt").toString(),
        "-trace_msg", "-message_file", work.resolve("sipp-messages.txt").toString()));
  }
}
