package io.parley.persistence.campaigns;

import io.parley.core.campaign.DialledNumbers;
import io.parley.core.erasure.TenantSecrets;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A campaign's leads in {@code campaign_lead} (migrations V44, V47, V50), each moved by conditional updates:
 * {@code pending} to {@code dialling} by {@link #claim} (only under the campaign's live lease, only
 * when its number is not on the do-not-call list, written before the call is placed), then to
 * {@code answered}, back to {@code pending} for a retry, or {@code done}. A lead left
 * {@code dialling} by a node that died is ended {@code interrupted} by the next dialler
 * ({@link #interrupted}), never dialled again: the callee may have answered and talked.
 *
 * <p>A lead's number, name and fields are sealed under the tenant's key ({@link SealedLead}) and
 * opened as a lead is read, for the dialler to dial it; what the statements select on (state,
 * times, attempts, the number's keyed hashes, {@link NumberKeys}) stays in clear. A lead goes with its callee's
 * erasure ({@link #eraseUser}, {@link #eraseSessions}) and, once its campaign has ended, with the
 * tenant's retention ({@link #eraseEndedBefore}).
 */
public final class CampaignLeads {
  // number, name and fields: a row from before V47 that sealPlain has not sealed yet.
  private static final String COLUMNS = "tenant, campaign_id, seq, sealed, number, name, time_zone, fields, state,"
      + " attempts, next_at, last_outcome, last_sip_status, call_id, session_id";
  private static final int SEALED_PER_BATCH = 500;
  /** How long an answered lead counts as talking when its conversation never shows it closed. */
  private static final long LONGEST_TALK_MS = 4 * 60 * 60 * 1000L;

  /** What claiming a lead came to. */
  public enum Claim { CLAIMED, ON_DO_NOT_CALL, GONE }

  private final DataSource dataSource;
  private final TenantSecrets secrets;

  public CampaignLeads(DataSource dataSource, TenantSecrets secrets) {
    this.dataSource = dataSource;
    this.secrets = secrets;
  }

  /** Adds {@code leads} after the campaign's others, due at {@code now}. @return how many */
  public int add(String tenant, String campaignId, List<LeadRow.New> leads, Instant now) {
    return Transactions.write(dataSource, "add a campaign's leads", connection -> {
      int next = Transactions.first(connection, "SELECT COALESCE(MAX(seq), 0) FROM campaign_lead WHERE tenant = ?"
          + " AND campaign_id = ?", rows -> rows.getInt(1), tenant, campaignId).orElse(0);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO campaign_lead (tenant, campaign_id, seq,"
          + " sealed, number_key, user_id, time_zone, state, attempts, next_at, keyed) VALUES (?, ?, ?, ?, ?, ?, ?,"
          + " 'pending', 0, ?, TRUE)")) {
        for (LeadRow.New lead : leads) {
          StatementParameters.bind(insert, tenant, campaignId, ++next,
              new SealedLead(lead.number(), lead.name(), lead.fields()).seal(secrets, tenant),
              NumberKeys.number(secrets, tenant, lead.number()), NumberKeys.user(secrets, tenant, lead.number()),
              lead.timeZone().getId(), now.toEpochMilli());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return leads.size();
    });
  }

  /** Pending leads due by {@code now}, the longest waiting first. */
  public List<LeadRow> due(String tenant, String campaignId, Instant now, int limit) {
    return Transactions.read(dataSource, "read a campaign's due leads", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM campaign_lead"
          + " WHERE tenant = ? AND campaign_id = ? AND state = 'pending' AND next_at <= ? ORDER BY next_at, seq LIMIT ?")) {
        return Transactions.list(StatementParameters.bind(select, tenant, campaignId, now.toEpochMilli(), limit),
            this::lead);
      }
    });
  }

  /** The campaign's leads in upload order, from {@code after} on. */
  public List<LeadRow> list(String tenant, String campaignId, int after, int limit) {
    return Transactions.read(dataSource, "list a campaign's leads", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM campaign_lead"
          + " WHERE tenant = ? AND campaign_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
        return Transactions.list(StatementParameters.bind(select, tenant, campaignId, after, limit), this::lead);
      }
    });
  }

  /** A pending lead not due before {@code at}: its window is closed now. */
  public void postpone(String tenant, String campaignId, int seq, Instant at) {
    update("postpone a lead", "UPDATE campaign_lead SET next_at = ? WHERE tenant = ? AND campaign_id = ? AND seq = ?"
        + " AND state = 'pending'", at.toEpochMilli(), tenant, campaignId, seq);
  }

  /**
   * Claims a pending lead for call {@code callId} of dialler {@code owner}, in one statement that
   * also requires the campaign to run under {@code owner}'s live lease and the number to be off the
   * tenant's do-not-call list; a lead on the list is ended {@code do_not_call} instead.
   */
  public Claim claim(String tenant, String campaignId, int seq, String owner, String callId, Instant now) {
    return Transactions.write(dataSource, "claim a lead", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign_lead SET state = 'dialling',"
          + " owner = ?, call_id = ?, attempts = attempts + 1, dialled_at = ? WHERE tenant = ? AND campaign_id = ?"
          + " AND seq = ? AND state = 'pending'"
          + " AND NOT EXISTS (SELECT 1 FROM do_not_call d WHERE d.tenant = campaign_lead.tenant"
          + " AND d.number_key = campaign_lead.number_key)"
          + " AND EXISTS (SELECT 1 FROM campaign c WHERE c.tenant = campaign_lead.tenant AND c.id = campaign_lead.campaign_id"
          + " AND c.status = 'running' AND c.lease_owner = ? AND c.lease_until >= ?)")) {
        if (StatementParameters.bind(update, owner, callId, now.toEpochMilli(), tenant, campaignId, seq, owner,
            now.toEpochMilli()).executeUpdate() > 0) {
          return Claim.CLAIMED;
        }
      }
      try (PreparedStatement skip = connection.prepareStatement("UPDATE campaign_lead SET state = 'done',"
          + " last_outcome = 'do_not_call', ended_at = ? WHERE tenant = ? AND campaign_id = ? AND seq = ?"
          + " AND state = 'pending' AND EXISTS (SELECT 1 FROM do_not_call d WHERE d.tenant = campaign_lead.tenant"
          + " AND d.number_key = campaign_lead.number_key)")) {
        return StatementParameters.bind(skip, now.toEpochMilli(), tenant, campaignId, seq).executeUpdate() > 0
            ? Claim.ON_DO_NOT_CALL : Claim.GONE;
      }
    });
  }

  /** The call of a dialling lead was answered: it talks in {@code sessionId}. */
  public void answered(String callId, String sessionId) {
    update("mark a lead answered", "UPDATE campaign_lead SET state = 'answered', last_outcome = 'answered',"
        + " session_id = ? WHERE call_id = ? AND state = 'dialling'", sessionId, callId);
  }

  /**
   * The call of a dialling lead ended unanswered with {@code outcome}: pending again at {@code retryAt}, else done.
   */
  public void ended(String callId, String outcome, Optional<Integer> sipStatus, Optional<Instant> retryAt, Instant now) {
    Transactions.write(dataSource, "end a lead's call", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign_lead SET state = ?, last_outcome = ?,"
          + " last_sip_status = ?, next_at = ?, ended_at = ? WHERE call_id = ? AND state = 'dialling'")) {
        StatementParameters.bind(update, retryAt.isPresent() ? "pending" : "done", outcome, null,
            retryAt.orElse(now).toEpochMilli(), now.toEpochMilli(), callId);
        if (sipStatus.isPresent()) update.setInt(3, sipStatus.get()); else update.setNull(3, Types.INTEGER);
        return update.executeUpdate();
      }
    });
  }

  /** Leads a dialler other than {@code owner} left dialling (it died mid-call): done, {@code interrupted}. @return how many */
  public int interrupted(String tenant, String campaignId, String owner, Instant now) {
    return update("end the calls a dead dialler left", "UPDATE campaign_lead SET state = 'done',"
        + " last_outcome = 'interrupted', ended_at = ? WHERE tenant = ? AND campaign_id = ? AND state = 'dialling'"
        + " AND owner <> ?", now.toEpochMilli(), tenant, campaignId, owner);
  }

  /** Answered leads whose conversation has closed (or that talked past any call's length): done. */
  public int settle(String tenant, String campaignId, Instant now) {
    return update("settle a campaign's answered leads", "UPDATE campaign_lead SET state = 'done', ended_at = ?"
        + " WHERE tenant = ? AND campaign_id = ? AND state = 'answered' AND (dialled_at < ? OR EXISTS (SELECT 1"
        + " FROM conversation c WHERE c.tenant = campaign_lead.tenant AND c.session_id = campaign_lead.session_id"
        + " AND c.closed_at IS NOT NULL))", now.toEpochMilli(), tenant, campaignId, now.toEpochMilli() - LONGEST_TALK_MS);
  }

  /** Calls under way: dialling, or answered and talking. */
  public int inFlight(String tenant, String campaignId) {
    return count("SELECT COUNT(*) FROM campaign_lead WHERE tenant = ? AND campaign_id = ? AND state IN ('dialling',"
        + " 'answered')", tenant, campaignId);
  }

  /** Calls the campaign placed since {@code since}. */
  public int startedSince(String tenant, String campaignId, Instant since) {
    return count("SELECT COUNT(*) FROM campaign_lead WHERE tenant = ? AND campaign_id = ? AND dialled_at >= ?", tenant,
        campaignId, since.toEpochMilli());
  }

  /** The campaign lead whose answered call is session {@code sessionId}. */
  public Optional<LeadRow> ofSession(String tenant, String sessionId) {
    return Transactions.read(dataSource, "read a session's lead", connection -> Transactions.first(connection,
        "SELECT " + COLUMNS + " FROM campaign_lead WHERE tenant = ? AND session_id = ?", this::lead, tenant,
        sessionId));
  }

  public CampaignProgress progress(String tenant, String campaignId) {
    return Transactions.read(dataSource, "count a campaign's leads", connection -> {
      Map<String, Integer> states = new HashMap<>();
      Map<String, Integer> outcomes = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT state, last_outcome, COUNT(*) FROM campaign_lead"
          + " WHERE tenant = ? AND campaign_id = ? GROUP BY state, last_outcome")) {
        StatementParameters.bind(select, tenant, campaignId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            states.merge(rows.getString(1), rows.getInt(3), Integer::sum);
            if (rows.getString(1).equals("done")) outcomes.merge(rows.getString(2), rows.getInt(3), Integer::sum);
          }
        }
      }
      int conversions = Transactions.first(connection, "SELECT COUNT(*) FROM campaign_lead l JOIN conversation c"
          + " ON c.tenant = l.tenant AND c.session_id = l.session_id WHERE l.tenant = ? AND l.campaign_id = ?"
          + " AND c.lead_qualified = TRUE", rows -> rows.getInt(1), tenant, campaignId).orElse(0);
      int total = states.values().stream().mapToInt(Integer::intValue).sum();
      return new CampaignProgress(total, states.getOrDefault("pending", 0), states.getOrDefault("dialling", 0),
          states.getOrDefault("answered", 0), Map.copyOf(outcomes), conversions);
    });
  }

  /** Deletes the leads whose callee is user {@code userId} (a phone session's user id). @return how many */
  public int eraseUser(String tenant, String userId) {
    return update("erase a user's campaign leads", "DELETE FROM campaign_lead WHERE tenant = ? AND (user_id = ?"
        + " OR user_id = ? AND keyed = FALSE)", tenant, NumberKeys.ofUser(secrets, tenant, userId), userId);
  }

  /** Deletes the leads whose calls were the sessions {@code sessionIds}, erased. @return how many */
  public int eraseSessions(String tenant, List<String> sessionIds) {
    int erased = 0;
    for (String sessionId : sessionIds) {
      erased += update("erase a session's campaign lead", "DELETE FROM campaign_lead WHERE tenant = ? AND session_id = ?",
          tenant, sessionId);
    }
    return erased;
  }

  /**
   * Deletes the leads of the tenant's ended campaigns (finished or stopped) whose last call ended
   * before {@code cutoff} (never called: the campaign made before it), as retention erases the
   * conversations. A campaign still running or paused keeps its leads. @return how many
   */
  public int eraseEndedBefore(String tenant, Instant cutoff) {
    return update("erase the leads of ended campaigns", "DELETE FROM campaign_lead WHERE tenant = ? AND EXISTS"
        + " (SELECT 1 FROM campaign c WHERE c.tenant = campaign_lead.tenant AND c.id = campaign_lead.campaign_id"
        + " AND c.status IN ('finished', 'stopped') AND COALESCE(campaign_lead.ended_at, c.created_at) < ?)", tenant,
        cutoff.toEpochMilli());
  }

  /** The tenants with a finished or stopped campaign: those whose leads retention may erase. */
  public List<String> tenantsWithEndedCampaigns() {
    return Transactions.read(dataSource, "list the tenants with ended campaigns", connection -> Transactions.list(
        connection, "SELECT DISTINCT tenant FROM campaign WHERE status IN ('finished', 'stopped') ORDER BY tenant",
        rows -> rows.getString(1)));
  }

  /**
   * Seals the leads stored in plain text before V47, and empties their plain columns; run at the
   * node's start. Idempotent, and nodes starting together seal a row once (the update requires it
   * still plain). @return how many it sealed
   */
  public int sealPlain() {
    int sealed = 0;
    while (true) {
      List<LeadRow> plain = Transactions.read(dataSource, "read plain campaign leads", connection -> {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM campaign_lead"
            + " WHERE sealed IS NULL ORDER BY tenant, campaign_id, seq LIMIT ?")) {
          return Transactions.list(StatementParameters.bind(select, SEALED_PER_BATCH), this::lead);
        }
      });
      for (LeadRow lead : plain) {
        sealed += update("seal a plain campaign lead", "UPDATE campaign_lead SET sealed = ?, user_id = ?, number = NULL,"
            + " name = NULL, fields = NULL WHERE tenant = ? AND campaign_id = ? AND seq = ? AND sealed IS NULL",
            new SealedLead(lead.number(), lead.name(), lead.fields()).seal(secrets, lead.tenant()),
            // The plain user id, as the row's number key still is: rekey keys both.
            DialledNumbers.plainUserId(lead.tenant(), lead.number()), lead.tenant(), lead.campaignId(), lead.seq());
      }
      if (plain.size() < SEALED_PER_BATCH) return sealed;
    }
  }

  /**
   * Keys the number keys of the leads an earlier version wrote with plain hashes (before V50), each
   * the HMAC of the old ({@link NumberKeys#keyed}); run at the node's start, after {@link #sealPlain}.
   * Idempotent: the update requires the row still plain. @return how many it keyed
   */
  public int rekey() {
    int keyed = 0;
    while (true) {
      List<String[]> plain = Transactions.read(dataSource, "read plain campaign lead keys", connection -> {
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant, campaign_id, seq, number_key, user_id"
            + " FROM campaign_lead WHERE keyed = FALSE ORDER BY tenant, campaign_id, seq LIMIT ?")) {
          return Transactions.list(StatementParameters.bind(select, SEALED_PER_BATCH), rows -> new String[] {
              rows.getString(1), rows.getString(2), Integer.toString(rows.getInt(3)), rows.getString(4), rows.getString(5)});
        }
      });
      for (String[] lead : plain) {
        String tenant = lead[0];
        keyed += update("key a campaign lead's number", "UPDATE campaign_lead SET number_key = ?, user_id = ?, keyed = TRUE"
            + " WHERE tenant = ? AND campaign_id = ? AND seq = ? AND keyed = FALSE",
            NumberKeys.keyed(secrets, tenant, lead[3]), lead[4] == null ? null : NumberKeys.keyed(secrets, tenant, lead[4]),
            tenant, lead[1], Integer.parseInt(lead[2]));
      }
      if (plain.size() < SEALED_PER_BATCH) return keyed;
    }
  }

  private static SealedLead plain(ResultSet row) throws SQLException {
    return new SealedLead(row.getString("number"), Optional.ofNullable(row.getString("name")), row.getString("fields"));
  }

  private int count(String sql, Object... parameters) {
    return Transactions.read(dataSource, "count a campaign's calls", connection ->
        Transactions.first(connection, sql, rows -> rows.getInt(1), parameters).orElse(0));
  }

  private int update(String what, String sql, Object... parameters) {
    return Transactions.write(dataSource, what, connection -> {
      try (PreparedStatement update = connection.prepareStatement(sql)) {
        return StatementParameters.bind(update, parameters).executeUpdate();
      }
    });
  }

  private LeadRow lead(ResultSet row) throws SQLException {
    int status = row.getInt("last_sip_status");
    Optional<Integer> sipStatus = row.wasNull() ? Optional.empty() : Optional.of(status);
    String tenant = row.getString("tenant");
    String sealed = row.getString("sealed");
    SealedLead data = sealed != null ? SealedLead.open(secrets, tenant, sealed) : plain(row);
    return new LeadRow(tenant, row.getString("campaign_id"), row.getInt("seq"), data.number(), data.name(),
        ZoneId.of(row.getString("time_zone")), data.fields(),
        row.getString("state"), row.getInt("attempts"), Instant.ofEpochMilli(row.getLong("next_at")),
        Optional.ofNullable(row.getString("last_outcome")), sipStatus, Optional.ofNullable(row.getString("call_id")),
        Optional.ofNullable(row.getString("session_id")));
  }
}
