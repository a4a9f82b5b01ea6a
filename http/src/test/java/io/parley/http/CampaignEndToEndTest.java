package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.call.PhoneUsers;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.Awaiting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign dialled against real SIP phones on loopback (sipp): one lead answers, speaks and,
 * the model reading it as a request not to be called again, has the bot call {@code do_not_call};
 * one is busy (486) and one never answers (the 3 s ring timeout), each called twice as the retry
 * policy says. Uploaded as CSV to a paused campaign, then resumed. A later campaign with the
 * answered lead's number never dials it (its lead ends {@code do_not_call}), nor does
 * {@code POST /v1/calls}. The fake model stands in for the understanding: it is scripted to call
 * the tool on the lead's first words, as a real one would on "please don't call me again".
 */
@RealTime
class CampaignEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static TestPhoneNode.Line line;
  private final List<Sipp.Phone> phones = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start("Understood, you will not be called again. Goodbye.", Map.of(
        "parley.sip.outbound.ring-timeout", "3s", "parley.outbound.allowed-networks", "127.0.0.0/8",
        "parley.campaigns.poll-every", "200ms", "parley.management.ops-token", OpsClient.TOKEN));
  }

  @AfterAll
  static void stop() {
    line.close();
  }

  @AfterEach
  void stopPhones() {
    phones.forEach(phone -> phone.process().destroy());
  }

  @Test
  void aCampaignRetriesBusyAndUnansweredLeadsAndNeverCallsAgainALeadWhoAskedNotToBe(@TempDir Path work)
      throws Exception {
    Files.createDirectories(work.resolve("answer/pcap"));
    Files.copy(SIPP_PCAPS.resolve("g711a.pcap"), work.resolve("answer/pcap/g711a.pcap"));
    int answerPort = LoopbackPorts.port();
    int busyPort = LoopbackPorts.port();
    int silentPort = LoopbackPorts.port();
    Sipp.Phone answering = phone(work.resolve("answer"), "parley_uas_answer.xml", answerPort, 1);
    Sipp.Phone busy = phone(work.resolve("busy"), "parley_uas_busy.xml", busyPort, 2);
    Sipp.Phone silent = phone(work.resolve("silent"), "parley_uas_no_answer.xml", silentPort, 2);
    line.model().enqueue(Reply.toolCalls(new ToolCall("call_dnc", "do_not_call", "{}")));

    JsonNode created = json(admin("POST", "/v1/campaigns", "{\"name\":\"Spring follow-up\",\"paused\":true,\"callerId\":\"+4930111222\","
        + "\"purpose\":\"Follow up on the quote\",\"window\":{\"opens\":\"00:00\",\"closes\":\"23:59\","
        + "\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]},"
        + "\"pacing\":{\"concurrent\":3,\"perMinute\":60},\"retry\":{\"attempts\":2,\"delaySeconds\":1,\"backoff\":1}}"), 201);
    String id = created.get("id").asText();
    assertEquals("paused", created.get("status").asText());
    assertEquals("admin", created.get("pausedFor").asText(), "created paused: for an admin to resume");
    String csv = "number,name,timeZone,company\n"
        + "sip:ada@127.0.0.1:" + answerPort + ",Ada,UTC,Chairly\n"
        + "sip:bob@127.0.0.1:" + busyPort + ",Bob,UTC,\"Tables, Inc.\"\n"
        + "sip:cy@127.0.0.1:" + silentPort + ",Cy,UTC,Lampco\n";
    HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/v1/campaigns/" + id + "/leads"))
        .header("Authorization", "Bearer " + TestIdentity.adminKey(TestIdentity.DEFAULT_TENANT))
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, uploaded.statusCode(), uploaded.body());
    assertEquals(3, json(uploaded.body()).get("added").asInt());
    json(admin("POST", "/v1/campaigns/" + id + "/resume", null), 200);

    JsonNode finished = Awaiting.await("the campaign finished").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500)).until(() -> json(admin("GET", "/v1/campaigns/" + id, null), 200),
            campaign -> campaign.get("status").asText().equals("finished"));
    JsonNode outcomes = finished.get("progress").get("outcomes");
    assertEquals(1, outcomes.path("answered").asInt(), finished.toString());
    assertEquals(1, outcomes.path("busy").asInt(), finished.toString());
    assertEquals(1, outcomes.path("no_answer").asInt(), finished.toString());
    JsonNode leads = json(admin("GET", "/v1/campaigns/" + id + "/leads", null), 200).get("leads");
    assertEquals(List.of(1, 2, 2), List.of(leads.get(0).get("attempts").asInt(), leads.get(1).get("attempts").asInt(),
        leads.get(2).get("attempts").asInt()), "the busy and silent leads were called twice, per the policy: " + leads);
    assertFalse(leads.toString().contains("ada@"), "numbers are shown masked: " + leads);
    assertEquals(0, busy.finished().exitCode(), "the busy phone took two calls");
    assertEquals(0, silent.finished().exitCode(), "the silent phone rang twice, each cancelled");
    assertEquals(0, answering.finished().exitCode(), "the answering phone took one call");
    assertTrue(line.model().requests().stream().anyMatch(request -> request.toolResult("call_dnc").isPresent()),
        "the bot called do_not_call during the answered call");
    assertTrue(line.model().requests().stream().filter(request -> !request.toolNames().isEmpty())
            .allMatch(request -> request.toolNames().contains("do_not_call")),
        "do_not_call is offered in the call the bot placed, at each of its turns");

    JsonNode listed = json(admin("GET", "/v1/do-not-call", null), 200).get("numbers");
    assertEquals(1, listed.size(), listed.toString());
    assertEquals("call", listed.get(0).get("source").asText());

    // The lead who asked is never dialled again: not by a later campaign, not by the API.
    JsonNode again = json(admin("POST", "/v1/campaigns", "{\"name\":\"Second round\",\"callerId\":\"+4930111222\",\"window\":{\"opens\":\"00:00\","
        + "\"closes\":\"23:59\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]},\"leads\":[{\"number\":"
        + "\"sip:ada@127.0.0.1:" + answerPort + "\",\"timeZone\":\"UTC\"}]}"), 201);
    JsonNode second = Awaiting.await("the second campaign finished").atMost(Duration.ofSeconds(30)).until(() ->
        json(admin("GET", "/v1/campaigns/" + again.get("id").asText(), null), 200),
        campaign -> campaign.get("status").asText().equals("finished"));
    assertEquals(1, second.get("progress").get("outcomes").path("do_not_call").asInt(), second.toString());
    assertEquals(0, json(admin("GET", "/v1/campaigns/" + again.get("id").asText() + "/leads", null), 200)
        .get("leads").get(0).get("attempts").asInt(), "never dialled");
    HttpResponse<String> placed = admin("POST", "/v1/calls", "{\"to\":\"sip:ada@127.0.0.1:" + answerPort
        + "\",\"callerId\":\"+4930111222\"}");
    assertEquals(403, placed.statusCode(), placed.body());

    String metrics = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_campaign_calls_total{outcome=\"busy\",tenant=\"" + TestIdentity.DEFAULT_TENANT
        + "\"} 2.0"), "each busy attempt counted");
    assertTrue(metrics.contains("parley_campaign_calls_total{outcome=\"do_not_call\",tenant=\""
        + TestIdentity.DEFAULT_TENANT + "\"} 1.0"), "the listed lead counted");

    // Erasing Ada (the user her answered call's session has: her number keyed) deletes her leads in both campaigns.
    String ada = PhoneEndToEndTest.awaitSession(line.node().httpPort(), leads.get(0).get("sessionId").asText(),
        view -> view.has("userId")).get("userId").asText();
    assertFalse(PhoneUsers.plain(ada) || ada.equals(PhoneUsers.plainUserId(TestIdentity.DEFAULT_TENANT, "ada")),
        "keyed, not the plain hash of her number: " + ada);
    HttpResponse<String> erased = admin("DELETE", "/v1/users/" + ada, null);
    assertEquals(200, erased.statusCode(), erased.body());
    assertEquals(1, json(erased.body()).get("sessions").asInt(), erased.body());
    JsonNode kept = json(admin("GET", "/v1/campaigns/" + id + "/leads", null), 200).get("leads");
    assertEquals(List.of(2, 3), kept.findValues("seq").stream().map(JsonNode::asInt).toList(), kept.toString());
    assertEquals(0, json(admin("GET", "/v1/campaigns/" + again.get("id").asText() + "/leads", null), 200)
        .get("leads").size(), "the lead of her number that was never dialled too");
  }

  @Test
  void badCampaignsAndLeadsAreRefusedWholeAndAgentsAreKeptOut() throws Exception {
    assertRefused("{}", "name is required");
    assertRefused("{\"name\":\"x\",\"pacing\":{\"concurrent\":0}}", "pacing.concurrent");
    assertRefused("{\"name\":\"x\",\"window\":{\"opens\":\"18:00\",\"closes\":\"09:00\"}}", "opens before it closes");
    assertRefused("{\"name\":\"x\",\"leads\":[{\"number\":\"sip:a@127.0.0.1\",\"timeZone\":\"Mars/Olympus\"}]}",
        "leads[0]: timeZone");
    assertRefused("{\"name\":\"x\",\"leads\":[{\"number\":\"sip:a@169.254.169.254\",\"timeZone\":\"UTC\"}]}",
        "does not call 169.254.169.254");
    assertRefused("{\"name\":\"x\",\"leads\":[{\"number\":\"sip:a@127.0.0.1\",\"timeZone\":\"UTC\"}]}",
        "callerId is required");
    assertFalse(json(admin("GET", "/v1/campaigns", null), 200).get("campaigns").findValuesAsText("name").contains("x"),
        "nothing kept");
    HttpResponse<String> agent = TestIdentity.call(line.node().httpPort(), "GET", "/v1/campaigns",
        "Bearer " + TestIdentity.agentKey(TestIdentity.DEFAULT_TENANT), null);
    assertEquals(403, agent.statusCode(), "only admins run campaigns: " + agent.body());
  }

  private static void assertRefused(String body, String reason) throws Exception {
    HttpResponse<String> refused = admin("POST", "/v1/campaigns", body);
    assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
    assertTrue(refused.body().contains(reason), body + " -> " + refused.body());
  }

  private Sipp.Phone phone(Path work, String scenario, int port, int calls) throws Exception {
    Files.createDirectories(work);
    Sipp.Phone phone = PlacedCalls.answering(work, scenario, port, line.sipPort(), calls, List.of());
    phones.add(phone);
    return phone;
  }

  private static String base() {
    return "http://127.0.0.1:" + line.node().httpPort();
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(line.node().httpPort(), method, path, body);
  }
}
