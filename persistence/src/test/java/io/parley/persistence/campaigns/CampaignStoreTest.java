package io.parley.persistence.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.call.PhoneUsers;
import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.DialledNumbers;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.campaign.VoicemailText;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Migrations;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A campaign's lease and its leads' claims: one dialler at a time, a lead claimed only under a live
 * lease and off the do-not-call list, a lead a dead dialler left mid-call ended, never dialled
 * again, retries due again, and the counts; a lead's personal data sealed in its row, erased with
 * its callee and at retention, and rows from before sealing sealed; on H2 and PostgreSQL.
 */
class CampaignStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aCampaignKeepsItsVoicemailMessageInEachLanguage(Dialect dialect) {
    JdbcCampaigns campaigns = new JdbcCampaigns(databases.open(dialect).dataSource());
    VoicemailText perLanguage = new VoicemailText(Map.of("en", "Hello, this is Acme.", "de", "Guten Tag, hier ist Acme."));
    CampaignRow given = campaign("acme", "c1");
    campaigns.add(new CampaignRow(given.tenant(), given.id(), given.name(), given.status(), given.botVersion(),
        given.purpose(), given.callerId(), given.window(), given.pacing(), given.retry(), given.createdAt(), perLanguage));
    campaigns.add(campaign("acme", "c2"));

    assertEquals(perLanguage, campaigns.find("acme", "c1").orElseThrow().voicemail());
    assertTrue(campaigns.find("acme", "c2").orElseThrow().voicemail().isEmpty(), "none: its calls leave the tenant's");
  }

  @OnEachDialect
  void oneDiallerHoldsACampaignAndItsSuccessorEndsTheCallsItLeftWithoutDiallingThemAgain(Dialect dialect) {
    DataSource data = databases.open(dialect).dataSource();
    JdbcCampaigns campaigns = new JdbcCampaigns(data);
    CampaignLeads leads = campaignWithLeads(data, "+4915100000001", "+4915100000002");

    assertEquals(List.of(new JdbcCampaigns.Claimable("acme", "c1")), campaigns.claimable(T0, 10));
    assertTrue(campaigns.claim("acme", "c1", "node-a", T0, T0.plus(LEASE)));
    assertFalse(campaigns.claim("acme", "c1", "node-b", T0.plusSeconds(5), T0.plusSeconds(5).plus(LEASE)),
        "a live lease keeps the other node out");
    assertEquals(CampaignLeads.Claim.GONE, leads.claim("acme", "c1", 1, "node-b", "call_b1", T0.plusSeconds(5)),
        "no lease, no claim");
    assertEquals(CampaignLeads.Claim.CLAIMED, leads.claim("acme", "c1", 1, "node-a", "call_a1", T0.plusSeconds(5)));
    assertEquals(CampaignLeads.Claim.GONE, leads.claim("acme", "c1", 1, "node-a", "call_a2", T0.plusSeconds(6)),
        "a lead is claimed once");
    assertEquals(1, leads.inFlight("acme", "c1"));

    // node-a dies mid-call: its lease lapses, node-b takes over.
    Instant lapsed = T0.plus(LEASE).plusSeconds(1);
    assertTrue(campaigns.claim("acme", "c1", "node-b", lapsed, lapsed.plus(LEASE)));
    assertEquals(1, leads.interrupted("acme", "c1", "node-b", lapsed));
    assertEquals(List.of(2), leads.due("acme", "c1", lapsed, 10).stream().map(LeadRow::seq).toList(),
        "the lead called when node-a died is not due again; the other is");
    assertEquals(CampaignLeads.Claim.CLAIMED, leads.claim("acme", "c1", 2, "node-b", "call_b2", lapsed));
    leads.ended("call_a1", "busy", Optional.of(486), Optional.of(lapsed), lapsed);
    assertEquals("interrupted", leads.list("acme", "c1", 0, 10).get(0).lastOutcome().orElseThrow(),
        "node-a's late report changes nothing");
    assertFalse(campaigns.renew("acme", "c1", "node-a", lapsed.plus(LEASE)), "node-a's lease is gone");
  }

  @OnEachDialect
  void theTenantsWhoseCampaignsTheBudgetPausedArePagedByNameAndEachOnesCampaignsListedOldestFirst(Dialect dialect) {
    JdbcCampaigns campaigns = new JdbcCampaigns(databases.open(dialect).dataSource());
    for (String tenant : List.of("globex", "acme", "initech")) {
      for (String id : List.of("c2", "c1")) {
        campaigns.add(campaign(tenant, id));
        assertTrue(campaigns.pauseForBudget(tenant, id));
      }
    }
    campaigns.add(campaign("hooli", "c1"));
    assertTrue(campaigns.move("hooli", "c1", CampaignStatus.RUNNING, CampaignStatus.PAUSED));
    campaigns.add(campaign("umbrella", "c1"));

    assertEquals(List.of("acme", "globex"), campaigns.tenantsPausedForBudget("", 2));
    assertEquals(List.of("initech"), campaigns.tenantsPausedForBudget("globex", 2),
        "after the page's last; an admin's pause and a running campaign are not the budget's");
    assertEquals(List.of("c1", "c2"), campaigns.pausedForBudget("acme", 10), "the same age: by id");
    assertEquals(List.of("c1"), campaigns.pausedForBudget("acme", 1));
    assertTrue(campaigns.resumeAfterBudget("acme", "c1"));
    assertEquals(List.of("c2"), campaigns.pausedForBudget("acme", 10));
    assertEquals(List.of(), campaigns.pausedForBudget("hooli", 10), "paused by an admin");
  }

  @OnEachDialect
  void aNumberOnTheDoNotCallListIsNeverClaimedAndRetriesComeDueAgain(Dialect dialect) {
    DataSource data = databases.open(dialect).dataSource();
    JdbcCampaigns campaigns = new JdbcCampaigns(data);
    CampaignLeads leads = campaignWithLeads(data, "+4915100000001", "+49 151 0000 0002");
    DoNotCallList doNotCall = new DoNotCallList(data, keys(data));
    doNotCall.add("acme", "+4915100000002", "api", T0);
    assertTrue(doNotCall.contains("acme", "+49 151 00000002"));
    assertFalse(doNotCall.contains("globex", "+4915100000002"), "each tenant its own list");
    assertEquals("+*********0002", doNotCall.list("acme", 10).get(0).masked());
    campaigns.claim("acme", "c1", "node-a", T0, T0.plus(LEASE));

    assertEquals(CampaignLeads.Claim.ON_DO_NOT_CALL, leads.claim("acme", "c1", 2, "node-a", "call_2", T0));
    assertEquals(CampaignLeads.Claim.CLAIMED, leads.claim("acme", "c1", 1, "node-a", "call_1", T0));
    leads.ended("call_1", "busy", Optional.of(486), Optional.of(T0.plusSeconds(60)), T0);
    assertTrue(leads.due("acme", "c1", T0.plusSeconds(59), 10).isEmpty(), "the retry waits its delay");
    LeadRow again = leads.due("acme", "c1", T0.plusSeconds(60), 10).get(0);
    assertEquals(1, again.attempts());
    assertTrue(campaigns.renew("acme", "c1", "node-a", T0.plusSeconds(60).plus(LEASE)));
    assertEquals(CampaignLeads.Claim.CLAIMED, leads.claim("acme", "c1", 1, "node-a", "call_1b", T0.plusSeconds(60)));
    leads.answered("call_1b", "session-1");
    assertEquals(Optional.of("call_1b"), leads.ofSession("acme", "session-1").flatMap(LeadRow::callId));

    CampaignProgress progress = leads.progress("acme", "c1");
    assertEquals(2, progress.total());
    assertEquals(1, progress.talking());
    assertEquals(Map.of("do_not_call", 1), progress.outcomes());
    assertFalse(campaigns.finishIfDone("acme", "c1"), "a lead still talks");
    assertEquals(1, leads.settle("acme", "c1", T0.plus(Duration.ofHours(5))), "a talk past any call's length ends");
    assertTrue(campaigns.finishIfDone("acme", "c1"));
    assertEquals(CampaignStatus.FINISHED, campaigns.find("acme", "c1").orElseThrow().status());
    assertTrue(doNotCall.remove("acme", doNotCall.list("acme", 10).get(0).key()));
  }

  @OnEachDialect
  void aLeadsNumberNameAndFieldsAreSealedInItsRowAndOpenedForTheDialler(Dialect dialect) throws SQLException {
    DataSource data = databases.open(dialect).dataSource();
    CampaignLeads leads = campaignWithLeads(data, "+4915100000001");

    String row = rowsAsText(data);
    for (String personal : List.of("4915100000001", "Ada", "Chairly")) {
      assertFalse(row.contains(personal), personal + " in clear in the row: " + row);
    }
    assertTrue(row.contains("pending"), "what the dialler selects on stays in clear: " + row);
    for (String plainHash : List.of(DialledNumbers.key("acme", "+4915100000001"),
        PhoneUsers.plainUserId("acme", "+4915100000001"))) {
      assertFalse(row.contains(plainHash), "a hash anyone can compute from the number is in the row: " + row);
    }
    assertEquals(1, leads.eraseUser("acme", PhoneUsers.userId(keys(data), "acme", "+4915100000001")),
        "erased by its callee's id");
    assertTrue(leads.add("acme", "c1", List.of(lead("+4915100000001")), T0) == 1);
    LeadRow opened = leads.due("acme", "c1", T0, 10).get(0);
    assertEquals("+4915100000001", opened.number());
    assertEquals(Optional.of("Ada"), opened.name());
    assertEquals("{\"company\":\"Chairly\"}", opened.fields());
    assertFalse(opened.toString().contains("4915100000001"), "a lead prints without its number");
  }

  @OnEachDialect
  void aCalleesErasureDeletesTheirLeadsAndRetentionTheLeadsOfEndedCampaigns(Dialect dialect) {
    DataSource data = databases.open(dialect).dataSource();
    JdbcCampaigns campaigns = new JdbcCampaigns(data);
    CampaignLeads leads = campaignWithLeads(data, "+49 151 0000 0001", "+4915100000002", "+4915100000003");
    campaigns.claim("acme", "c1", "node-a", T0, T0.plus(LEASE));
    leads.claim("acme", "c1", 3, "node-a", "call_3", T0);
    leads.answered("call_3", "session-3");

    // The user id a call to +4915100000001 gives its session (PhoneUsers), never called yet.
    assertEquals(1, leads.eraseUser("acme", PhoneUsers.userId(keys(data), "acme", "+4915100000001")));
    assertEquals(0, leads.eraseUser("globex", PhoneUsers.userId(keys(data), "globex", "+4915100000002")),
        "each tenant its own");
    assertEquals(1, leads.eraseSessions("acme", List.of("session-3")), "the lead whose call was an erased session");
    assertEquals(List.of(2), leads.list("acme", "c1", 0, 10).stream().map(LeadRow::seq).toList());

    Instant cutoff = T0.plus(Duration.ofDays(30));
    assertEquals(0, leads.eraseEndedBefore("acme", cutoff), "a running campaign keeps its leads");
    assertTrue(campaigns.move("acme", "c1", CampaignStatus.RUNNING, CampaignStatus.STOPPED));
    assertEquals(List.of("acme"), leads.tenantsWithEndedCampaigns());
    assertEquals(0, leads.eraseEndedBefore("acme", T0), "not yet past retention");
    assertEquals(1, leads.eraseEndedBefore("acme", cutoff));
    assertTrue(leads.list("acme", "c1", 0, 10).isEmpty());
  }

  @OnEachDialect
  void leadsStoredInPlainTextBeforeTheyWereSealedAreSealedAndKeyedAtTheNextStart(Dialect dialect) throws SQLException {
    Database database = databases.openEmpty(dialect);
    DataSource data = database.dataSource();
    Migrations.forDialect(dialect).upTo(46).apply(data);
    try (Connection connection = data.getConnection(); Statement insert = connection.createStatement()) {
      // As the campaign's row was then: without the columns later versions added.
      insert.executeUpdate("INSERT INTO campaign (tenant, id, name, status, window_opens, window_closes, window_days,"
          + " concurrent_calls, calls_per_minute, retry_attempts, retry_delay_ms, retry_backoff, created_at) VALUES"
          + " ('acme', 'c1', 'Spring follow-up', 'running', '09:00', '20:00', '1,2,3,4,5', 2, 10, 3, 60000, 2, "
          + T0.toEpochMilli() + ")");
      insert.executeUpdate("INSERT INTO campaign_lead (tenant, campaign_id, seq, number, number_key, name, time_zone,"
          + " fields, state, attempts, next_at) VALUES ('acme', 'c1', 1, '+4915100000001', '"
          + DialledNumbers.key("acme", "+4915100000001") + "', 'Ada', 'Europe/Berlin', '{\"company\":\"Chairly\"}',"
          + " 'pending', 0, " + T0.toEpochMilli() + ")");
      insert.executeUpdate("INSERT INTO do_not_call (tenant, number_key, masked, source, added_at) VALUES ('acme', '"
          + DialledNumbers.key("acme", "+4915100000001") + "', '+*********0001', 'api', " + T0.toEpochMilli() + ")");
    }

    database.migrate();
    CampaignLeads leads = new CampaignLeads(data, keys(data));
    DoNotCallList doNotCall = new DoNotCallList(data, keys(data));
    assertEquals("+4915100000001", leads.list("acme", "c1", 0, 10).get(0).number(), "a plain row reads until sealed");
    assertEquals(1, leads.sealPlain());
    assertEquals(0, leads.sealPlain(), "sealed once");
    assertEquals(1, leads.rekey());
    assertEquals(0, leads.rekey(), "keyed once");
    assertEquals(1, doNotCall.rekey());
    assertEquals(0, doNotCall.rekey(), "keyed once");
    assertTrue(doNotCall.contains("acme", "+49 151 00000001"), "the listed number is still refused");
    String listed = doNotCall.list("acme", 10).toString();
    assertFalse(listed.contains(DialledNumbers.key("acme", "+4915100000001")), "no plain hash left on the list: " + listed);
    JdbcCampaigns campaigns = new JdbcCampaigns(data);
    assertTrue(campaigns.claim("acme", "c1", "node-a", T0, T0.plus(LEASE)));
    assertEquals(CampaignLeads.Claim.ON_DO_NOT_CALL, leads.claim("acme", "c1", 1, "node-a", "call_1", T0),
        "the lead and the list keyed alike still match");

    String row = rowsAsText(data);
    assertFalse(row.contains("4915100000001") || row.contains("Ada") || row.contains("Chairly"), row);
    assertFalse(row.contains(DialledNumbers.key("acme", "+4915100000001"))
        || row.contains(PhoneUsers.plainUserId("acme", "+4915100000001")), "no plain hash left: " + row);
    LeadRow sealed = leads.list("acme", "c1", 0, 10).get(0);
    assertEquals(List.of("+4915100000001", "Ada", "{\"company\":\"Chairly\"}"),
        List.of(sealed.number(), sealed.name().orElseThrow(), sealed.fields()));
    assertEquals(1, leads.eraseUser("acme", PhoneUsers.userId(keys(data), "acme", "+4915100000001")),
        "found by its callee now");
  }

  /** Every column of every lead, as the database hands it to whoever reads the table. */
  private static String rowsAsText(DataSource data) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Connection connection = data.getConnection(); Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT * FROM campaign_lead")) {
      while (rows.next()) {
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
          text.append(rows.getString(column)).append('|');
        }
      }
    }
    return text.toString();
  }

  /** Campaign c1 of acme with a lead of each of {@code numbers}, due at T0. */
  private static CampaignLeads campaignWithLeads(DataSource data, String... numbers) {
    new JdbcCampaigns(data).add(campaign("acme", "c1"));
    CampaignLeads leads = new CampaignLeads(data, keys(data));
    assertEquals(numbers.length, leads.add("acme", "c1", Stream.of(numbers).map(CampaignStoreTest::lead).toList(), T0));
    return leads;
  }

  private static JdbcDataKeys keys(DataSource data) {
    return JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC());
  }

  private static CampaignRow campaign(String tenant, String id) {
    return new CampaignRow(tenant, id, "Spring follow-up", CampaignStatus.RUNNING, Optional.empty(),
        Optional.of("Follow up on the quote"), Optional.empty(), CallingWindow.WORKING_DAYS, new Pacing(2, 10),
        new RetryPolicy(3, Duration.ofMinutes(1), 2), T0);
  }

  private static LeadRow.New lead(String number) {
    return new LeadRow.New(number, Optional.of("Ada"), BERLIN, "{\"company\":\"Chairly\"}");
  }
}
