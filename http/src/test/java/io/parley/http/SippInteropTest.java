package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
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
 * Interoperability with a SIP tool nobody here wrote: sipp (Debian package {@code sip-tester})
 * runs a standard UAC scenario with RTP from its own pcaps against a node on loopback, and the
 * call must succeed by sipp's account (exit 0) and by the node's (a {@code phone} session, the
 * key 0 asking for a person, closed and archived when sipp hung up). Fails, never skips, without sipp.
 *
 * <p>Digest authentication with the same tool: calls from {@link #TRUNK_SOURCE} are a trunk's and
 * must authenticate. sipp answers the challenge with its own {@code [authentication]} (MD5, the
 * only algorithm sipp 3.6 computes, so the node offers MD5 alone) and completes a call; the
 * {@code Authorization} header it sent, taken from its message trace as an eavesdropper on the
 * trunk would take it, is then sent again by another caller from the trunk's address: to another
 * number it is refused (403), to the same number its nonce count is used up (a new 401).
 */
@RealTime
class SippInteropTest {
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private static final Pattern AUTHORIZATION = Pattern.compile("(?m)^Authorization: *Digest .*$");
  /** The trunk's address: its calls authenticate, while 127.0.0.1 is let in as in the quick start. */
  private static final String TRUNK_SOURCE = "127.0.0.5";
  private static TestPhoneNode.Line line;

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start("Your ticket is open.", Map.of("parley.sip.digest-algorithms", "MD5",
        "parley.sip.trunks", "[{\"name\":\"office\",\"sources\":[\"" + TRUNK_SOURCE
            + "\"],\"username\":\"office-pbx\",\"password\":\"s3cret\"}]"));
  }

  @AfterAll
  static void stop() {
    line.close();
  }

  @Test
  void sippCallsSpeaksPressesZeroAndHangsUpAndTheNodeKeepsThePhoneSession(@TempDir Path work) throws Exception {
    Files.createDirectories(work.resolve("pcap"));
    for (String pcap : List.of("g711a.pcap", "dtmf_2833_0.pcap")) {
      assertTrue(Files.isReadable(SIPP_PCAPS.resolve(pcap)),
          "sipp's pcaps are missing (" + SIPP_PCAPS + "): install the Debian package sip-tester");
      Files.copy(SIPP_PCAPS.resolve(pcap), work.resolve("pcap").resolve(pcap));
    }
    Path log = work.resolve("sipp-log.txt");
    Sipp.Run call = Sipp.call(work, "parley_uac.xml", "127.0.0.1", line.sipPort(), "support",
        List.of("-trace_logs", "-log_file", log.toString()));
    assertEquals(0, call.exitCode(), "sipp counts the call successful:\n" + call.output());

    Matcher session = SESSION.matcher(Sipp.read(log));
    assertTrue(session.find(), "the 200 OK carried X-Parley-Session:\n" + Sipp.read(log));
    JsonNode closed = awaitSession(line.node().httpPort(), session.group(1), view -> view.get("status").asText().equals("archived"));
    assertEquals("phone", closed.get("channel").asText());
    assertEquals("caller hung up", closed.get("closeReason").asText());
    // No agent is online in this test: asking for a person is answered with that notice.
    assertTrue(closed.get("messages").findValuesAsText("turnId").stream().anyMatch(id -> id.startsWith("notice-no_agent_online")),
        "sipp's RFC 2833 key 0 asked for a person: " + closed);
  }

  @Test
  void sippAnswersTheChallengeAndItsCallIsAnsweredAndClosed(@TempDir Path work) throws Exception {
    String log = Sipp.read(completedCall(work).resolve("sipp-log.txt"));
    Matcher session = SESSION.matcher(log);
    assertTrue(session.find(), "the 200 OK carried X-Parley-Session:\n" + log);
    JsonNode closed = awaitSession(line.node().httpPort(), session.group(1), view -> view.get("status").asText().equals("archived"));
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
    assertTrue(captured.contains("uri=\"sip:support@127.0.0.1:" + line.sipPort() + "\"") && captured.contains("nc=00000001"),
        captured);

    try (RawSipCaller eavesdropper = new RawSipCaller(TRUNK_SOURCE, line.sipPort())) {
      assertEquals(403, eavesdropper.invite("+4930999888", List.of(captured)).status(),
          "computed for sip:support@…: refused for another number");
    }
    try (RawSipCaller eavesdropper = new RawSipCaller(TRUNK_SOURCE, line.sipPort())) {
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
    return Sipp.call(work, "parley_uac_auth.xml", TRUNK_SOURCE, line.sipPort(), "support", List.of("-au", "office-pbx", "-ap", password,
        "-auth_uri", "support@127.0.0.1:" + line.sipPort(), "-trace_logs", "-log_file", work.resolve("sipp-log.txt").toString(),
        "-trace_msg", "-message_file", work.resolve("sipp-messages.txt").toString()));
  }
}
