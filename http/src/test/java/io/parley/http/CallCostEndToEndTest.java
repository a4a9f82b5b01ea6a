package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.Awaiting;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a call costs, against real SIP user agents on loopback: sipp answers a call the node places,
 * talks and hangs up, and the conversation's trunk minutes (outbound) and model tokens are priced by
 * the node's prices, in its cost, its row of the list, the tenant's spend and the metrics. Then the
 * tenant's daily budget is set below what it spent: its webhook hears 80 % and 100 % once each, the
 * API places no call, a running campaign pauses for the budget (an admin's pause then makes it the
 * admin's), and sipp calling in hears the notice and the BYE.
 */
@RealTime
class CallCostEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private static final String NOTICE = "Our budget for calls is spent for today. Goodbye.";
  /** 6 dollars a minute outbound: a tenth of a dollar a second. */
  private static final String PRICES = "{\"currency\":\"USD\",\"trunk\":{\"inbound\":0.6,\"outbound\":6},"
      + "\"model\":{\"default\":{\"input\":0.001,\"output\":0.002}}}";

  @RegisterExtension
  static final PlacingLine calls = new PlacingLine("costs-secret", "Thanks, I will send the quote today.", Map.of(
      "parley.costs.prices", PRICES, "parley.costs.fresh-for", "100ms", "parley.costs.refusal-notice", NOTICE));

  @Test
  void aCallIsPricedAndATenantOverItsBudgetIsToldItsCampaignPausedAndItsCallsRefused(@TempDir Path work)
      throws Exception {
    Files.createDirectories(work.resolve("lead/pcap"));
    Files.copy(SIPP_PCAPS.resolve("g711a.pcap"), work.resolve("lead/pcap/g711a.pcap"));
    int port = LoopbackPorts.port();
    Sipp.Phone lead = PlacedCalls.answering(work.resolve("lead"), "parley_uas_answer.xml", port, calls.line().sipPort());
    JsonNode placed = json(admin("POST", "/v1/calls", "{\"to\":\"sip:lead@127.0.0.1:" + port
        + "\",\"callerId\":\"+4930111222\"}"), 201);
    JsonNode answered = PlacedCalls.awaitCall(calls.line().node().httpPort(), placed.get("id").asText(),
        call -> call.get("state").asText().equals("answered"));
    Sipp.Run run = lead.finished();
    assertEquals(0, run.exitCode(), "sipp's lead answered, talked and hung up:\n" + run.output() + lead.messages());
    String sessionId = answered.get("sessionId").asText();
    awaitSession(calls.line().node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));

    JsonNode cost = Awaiting.await("the call's trunk time and the model's tokens priced").atMost(Duration.ofSeconds(20))
        .until(() -> json(admin("GET", "/v1/conversations/" + sessionId + "/cost", null), 200),
            priced -> line(priced, "trunk") != null && line(priced, "model") != null);
    JsonNode trunk = line(cost, "trunk");
    assertTrue(trunk.get("quantity").asLong() >= 3, "the call lasted the lead's speech and the answer: " + cost);
    assertEquals(new BigDecimal(trunk.get("quantity").asLong()).multiply(new BigDecimal("0.1")).compareTo(
        trunk.get("amount").decimalValue()), 0, "a second outbound is a tenth of a dollar: " + cost);
    assertTrue(line(cost, "model").get("amount").decimalValue().signum() > 0, cost.toString());
    assertEquals("USD", cost.get("currency").asText());
    BigDecimal total = cost.get("total").decimalValue();
    assertEquals(0, trunk.get("amount").decimalValue().add(line(cost, "model").get("amount").decimalValue())
        .compareTo(total), cost.toString());

    JsonNode row = Awaiting.await("the conversation listed with its cost").atMost(Duration.ofSeconds(20)).until(() ->
        StreamSupport.stream(json(admin("GET", "/v1/conversations", null), 200).get("conversations").spliterator(), false)
            .filter(conversation -> conversation.get("sessionId").asText().equals(sessionId)).findFirst().orElse(null),
        conversation -> conversation != null && conversation.has("cost"));
    assertEquals(0, row.get("cost").get("amount").decimalValue().compareTo(total), row.toString());
    JsonNode spend = json(admin("GET", "/v1/analytics/spend", null), 200);
    assertEquals(0, spend.get("periods").get(0).get("spent").decimalValue().compareTo(total), spend.toString());
    assertEquals("under", spend.get("periods").get(0).get("level").asText());
    assertTrue(OpsClient.withToken(calls.line().node().httpPort()).get("/metrics").body().contains(
        "parley_tenant_cost_total{currency=\"USD\",kind=\"trunk\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}"),
        "the tenant's cost is a metric");

    // A daily budget a little above the spend: 80 %; then below it: 100 %, each told once.
    budget(total.multiply(new BigDecimal("1.1")));
    awaitAlerts(List.of(80));
    budget(total.divide(new BigDecimal("2")));
    awaitAlerts(List.of(80, 100));
    assertEquals("spent", json(admin("GET", "/v1/analytics/spend", null), 200).get("periods").get(0).get("level")
        .asText());
    awaitAlerts(List.of(80, 100));

    HttpResponse<String> refused = admin("POST", "/v1/calls", "{\"to\":\"sip:lead@127.0.0.1:" + port
        + "\",\"callerId\":\"+4930111222\"}");
    assertEquals(429, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("budget"), refused.body());

    JsonNode campaign = json(admin("POST", "/v1/campaigns", "{\"name\":\"Over budget\",\"callerId\":\"+4930111222\","
        + "\"window\":{\"opens\":\"00:00\",\"closes\":\"23:59\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\","
        + "\"SUN\"]},\"leads\":[{\"number\":\"sip:lead@127.0.0.1:" + port + "\",\"timeZone\":\"UTC\"}]}"), 201);
    String campaignId = campaign.get("id").asText();
    Awaiting.await("the campaign paused").atMost(Duration.ofSeconds(30)).until(() ->
        json(admin("GET", "/v1/campaigns/" + campaignId, null), 200), shown -> shown.get("status").asText().equals("paused")
        && shown.path("pausedFor").asText().equals("budget"));
    assertEquals(0, json(admin("GET", "/v1/campaigns/" + campaignId + "/leads", null), 200).get("leads").get(0)
        .get("attempts").asInt(), "its lead was never dialled");
    assertEquals("admin", json(admin("POST", "/v1/campaigns/" + campaignId + "/pause", null), 200).get("pausedFor")
        .asText(), "an admin's pause of it waits for an admin, not the budget");

    Path log = work.resolve("caller/sipp-log.txt");
    Files.createDirectories(log.getParent());
    Sipp.Run call = Sipp.call(log.getParent(), "parley_uac_refused.xml", "127.0.0.1", calls.line().sipPort(), "support",
        List.of("-trace_logs", "-log_file", log.toString()));
    assertEquals(0, call.exitCode(), "sipp was answered, then hung up on:\n" + call.output());
    Matcher inbound = SESSION.matcher(Sipp.read(log));
    assertTrue(inbound.find(), Sipp.read(log));
    JsonNode closed = awaitSession(calls.line().node().httpPort(), inbound.group(1),
        view -> view.get("status").asText().equals("archived"));
    assertEquals("budget spent", closed.get("closeReason").asText());
    assertTrue(closed.get("messages").findValuesAsText("text").contains(NOTICE), "the caller heard the notice: " + closed);
  }

  private static void budget(BigDecimal daily) throws Exception {
    json(admin("PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT, "{\"config\":{\"costs\":{\"budgets\":{"
        + "\"daily\":" + daily.toPlainString() + "}}}}"), 200);
    // Asking for the spend sums it again under the published budget, which tells of the levels reached.
    Awaiting.await("the budget in force").atMost(Duration.ofSeconds(10)).until(() ->
        json(admin("GET", "/v1/analytics/spend", null), 200), spend -> spend.get("periods").get(0).has("budget")
        && spend.get("periods").get(0).get("budget").decimalValue().compareTo(daily) == 0);
  }

  /** The webhook's cost.budget deliveries, by percent, come to {@code percents}, and only to them. */
  private static void awaitAlerts(List<Integer> percents) {
    Awaiting.await("the budget alerts " + percents).atMost(Duration.ofSeconds(20)).until(() ->
        calls.webhook().deliveries().stream().map(WebhookReceiver.Delivery::body)
            .filter(body -> body.path("event").asText().equals("cost.budget")).toList(), told -> {
          List<Integer> seen = told.stream().map(body -> body.get("percent").asInt()).sorted().distinct().toList();
          boolean once = told.stream().map(body -> body.get("periodName").asText() + body.get("percent").asInt())
              .distinct().count() == told.size();
          return seen.equals(percents) && once && told.stream().allMatch(body -> body.get("period").asText().equals("day")
              && body.get("currency").asText().equals("USD"));
        });
  }

  private static JsonNode line(JsonNode cost, String kind) {
    for (JsonNode line : cost.get("costs")) {
      if (line.get("kind").asText().equals(kind)) return line;
    }
    return null;
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(calls.line().node().httpPort(), method, path, body);
  }
}
