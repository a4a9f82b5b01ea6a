package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process dialling a campaign is killed (SIGKILL) mid-campaign: it gives back no lease and
 * records nothing more. Started again on the same database and cluster address, the node takes the
 * campaign up once the dead node's lease lapses and finishes it. sipp plays the leads' phones, each
 * busy (486), and keeps every INVITE it got: no lead's number is dialled twice (one Call-ID per
 * lead at sipp, and one attempt per lead in the campaign), and none is skipped (every lead ends
 * with its outcome, each dialled once, but for at most one the killed node had claimed and may have
 * dialled, which ends {@code interrupted}).
 */
@KillsNodes
class CampaignNodeKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LEADS = 8;
  private static final Pattern INVITE = Pattern.compile("(?m)^INVITE sip:(lead\\d+)@[^\\n]*\\n(?:[^\\n]+\\n)*?Call-ID: *(\\S+)",
      Pattern.CASE_INSENSITIVE);
  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void aNodeKilledMidCampaignLeavesNoLeadDialledTwiceAndNoneSkipped() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "Hello.")) {
      PhonePorts ports = PhonePorts.take(20);
      Map<String, String> env = new HashMap<>(NodeProcess.env(dataDir, TestPostgres.newDatabase(), model));
      env.putAll(Map.of("PARLEY_CLUSTER_PORT", Integer.toString(NodeProcess.freePort()), "PARLEY_SIP_ENABLED", "true",
          "PARLEY_SIP_PORT", Integer.toString(ports.sip()), "PARLEY_SIP_RTP_PORT_MIN", Integer.toString(ports.rtpMin()),
          "PARLEY_SIP_RTP_PORT_MAX", Integer.toString(ports.rtpMax()), "PARLEY_CAMPAIGNS_POLL_EVERY", "1s",
          "PARLEY_CAMPAIGNS_LEASE", "5s"));
      int phonePort = LoopbackPorts.port();
      Sipp.Phone phones = PlacedCalls.answering(work, "parley_uas_busy.xml", phonePort, ports.sip(), LEADS,
          List.of("-timeout", "600s"));
      try {
        String campaign;
        int dialledBeforeTheKill;
        try (NodeProcess dialling = NodeProcess.start(env).awaitReady()) {
          campaign = create(dialling.port, phonePort);
          await("two leads dialled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
              .until(() -> invites(phones).size() >= 2);
          dialling.kill();
          dialledBeforeTheKill = invites(phones).size();
        }
        assertTrue(dialledBeforeTheKill < LEADS, "killed mid-campaign, with leads left to dial: " + invites(phones));

        try (NodeProcess successor = NodeProcess.start(env).awaitReady()) {
          JsonNode finished = await("the campaign finished by the node started again").atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(500)).until(() -> get(successor.port, "/v1/campaigns/" + campaign),
                  row -> row.get("status").asText().equals("finished"));
          JsonNode leads = get(successor.port, "/v1/campaigns/" + campaign + "/leads").get("leads");
          Map<String, Set<String>> invited = invites(phones);

          assertTrue(invited.size() > dialledBeforeTheKill, "the node started again dialled the rest: " + invited);
          invited.forEach((lead, calls) -> assertEquals(1, calls.size(), lead + " was dialled more than once: " + invited));
          int interrupted = 0;
          for (JsonNode lead : leads) {
            String number = "lead" + lead.get("seq").asInt();
            assertEquals("done", lead.get("state").asText(), "every lead ends with its outcome: " + leads);
            assertTrue(lead.get("attempts").asInt() <= 1, "never a second attempt: " + lead);
            if (lead.get("lastOutcome").asText().equals("interrupted")) {
              interrupted++;
            } else {
              assertEquals("busy", lead.get("lastOutcome").asText(), lead.toString());
              assertTrue(invited.containsKey(number), number + " ended busy, so its phone got the INVITE: " + invited);
            }
          }
          assertTrue(interrupted <= 1, "at most the one call the killed node had under way is interrupted: " + leads);
          assertEquals(LEADS, leads.size(), leads.toString());
          assertTrue(invited.size() >= LEADS - interrupted, "no lead skipped: " + invited + " " + finished);
        }
      } finally {
        phones.process().destroy();
      }
    }
  }

  /** A running campaign of {@link #LEADS} leads, each a number at sipp, dialled one at a time, none again. */
  private static String create(int port, int phonePort) throws Exception {
    StringBuilder leads = new StringBuilder();
    for (int i = 1; i <= LEADS; i++) {
      if (i > 1) leads.append(", ");
      leads.append("{\"number\": \"sip:lead").append(i).append("@127.0.0.1:").append(phonePort)
          .append("\", \"timeZone\": \"UTC\"}");
    }
    HttpResponse<String> created = TestIdentity.asAdmin(port, "POST", "/v1/campaigns?tenant=acme",
        "{\"name\": \"Renewals\", \"callerId\": \"+4930111222\", \"pacing\": {\"concurrent\": 1, \"perMinute\": 60},"
            + " \"retry\": {\"attempts\": 1}, \"window\": {\"opens\": \"00:00\", \"closes\": \"23:59\", \"days\": [\"MON\","
            + " \"TUE\", \"WED\", \"THU\", \"FRI\", \"SAT\", \"SUN\"]}, \"leads\": [" + leads + "]}");
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("id").asText();
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(port, "GET", path + "?tenant=acme", null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /** The Call-IDs of the INVITEs each lead's phone got (a retransmission keeps its call's). */
  private static Map<String, Set<String>> invites(Sipp.Phone phones) throws Exception {
    Map<String, Set<String>> byLead = new TreeMap<>();
    Matcher invite = INVITE.matcher(phones.messages().replace("\r\n", "\n"));
    while (invite.find()) byLead.computeIfAbsent(invite.group(1), lead -> new TreeSet<>()).add(invite.group(2));
    return byLead;
  }
}
