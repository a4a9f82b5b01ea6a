package io.parley.persistence.campaigns;

import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.PauseReason;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.campaign.VoicemailText;
import io.parley.core.lease.Leased;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Campaigns in {@code campaign} (migrations V44, V50, V51), and the lease that makes one node a running
 * campaign's dialler at a time: claimed by a conditional update when free or lapsed, renewed as the
 * node dials. Every statement is keyed by tenant; times are the caller's, so one clock decides a lease.
 */
public final class JdbcCampaigns {
  private static final String COLUMNS = "tenant, id, name, status, bot_version, purpose, caller_id, window_opens,"
      + " window_closes, window_days, concurrent_calls, calls_per_minute, retry_attempts, retry_delay_ms, retry_backoff,"
      + " created_at, voicemail, paused_for";

  /** A running campaign a node may claim. */
  public record Claimable(String tenant, String id) implements Leased {}

  private final DataSource dataSource;

  public JdbcCampaigns(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void add(CampaignRow campaign) {
    Transactions.write(dataSource, "add a campaign", connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO campaign (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(insert, campaign.tenant(), campaign.id(), campaign.name(),
            campaign.status().wireName(), campaign.botVersion().orElse(null), campaign.purpose().orElse(null),
            campaign.callerId().orElse(null), campaign.window().opens().toString(), campaign.window().closes().toString(),
            campaign.window().days().stream().map(day -> String.valueOf(day.getValue())).sorted()
                .collect(Collectors.joining(",")),
            campaign.pacing().concurrent(), campaign.pacing().perMinute(), campaign.retry().attempts(),
            campaign.retry().delay().toMillis(), campaign.retry().backoff(), campaign.createdAt().toEpochMilli(),
            campaign.voicemail().isEmpty() ? null : campaign.voicemail().toJson().toString(),
            campaign.pausedFor().map(PauseReason::wireName).orElse(null));
        if (campaign.botVersion().isEmpty()) insert.setNull(5, Types.INTEGER);
        return insert.executeUpdate();
      }
    });
  }

  public Optional<CampaignRow> find(String tenant, String id) {
    return Transactions.read(dataSource, "read a campaign", connection -> Transactions.first(connection,
        "SELECT " + COLUMNS + " FROM campaign WHERE tenant = ? AND id = ?", JdbcCampaigns::campaign, tenant, id));
  }

  /** The tenant's campaigns, newest first. */
  public List<CampaignRow> list(String tenant) {
    return Transactions.read(dataSource, "list campaigns", connection -> Transactions.list(connection,
        "SELECT " + COLUMNS + " FROM campaign WHERE tenant = ? ORDER BY created_at DESC, id", JdbcCampaigns::campaign,
        tenant));
  }

  /**
   * An admin's move of the campaign from {@code from} to {@code to} (paused: by the admin, even one
   * the budget paused); false when it was not {@code from} any more.
   */
  public boolean move(String tenant, String id, CampaignStatus from, CampaignStatus to) {
    return moved(tenant, id, from, to, to == CampaignStatus.PAUSED ? Optional.of(PauseReason.ADMIN) : Optional.empty(),
        "");
  }

  /** Pauses a running campaign because its tenant's budget is spent; false when it was not running. */
  public boolean pauseForBudget(String tenant, String id) {
    return moved(tenant, id, CampaignStatus.RUNNING, CampaignStatus.PAUSED, Optional.of(PauseReason.BUDGET), "");
  }

  /** Runs a campaign the budget paused again; false when it is not paused for the budget (any more). */
  public boolean resumeAfterBudget(String tenant, String id) {
    return moved(tenant, id, CampaignStatus.PAUSED, CampaignStatus.RUNNING, Optional.empty(),
        " AND paused_for = 'budget'");
  }

  /**
   * The tenants with a campaign paused because their budget was spent, in name order after {@code after}
   * ("" from the first): one tenant's standing decides for all of its campaigns.
   */
  public List<String> tenantsPausedForBudget(String after, int limit) {
    return Transactions.read(dataSource, "find tenants whose campaigns the budget paused", connection ->
        Transactions.list(connection, "SELECT DISTINCT tenant FROM campaign WHERE status = 'paused'"
            + " AND paused_for = 'budget' AND tenant > ? ORDER BY tenant LIMIT ?", rows -> rows.getString("tenant"),
            after, limit));
  }

  /** The ids of the tenant's campaigns paused because its budget was spent, oldest first. */
  public List<String> pausedForBudget(String tenant, int limit) {
    return Transactions.read(dataSource, "find campaigns the budget paused", connection ->
        Transactions.list(connection, "SELECT id FROM campaign WHERE tenant = ? AND status = 'paused'"
            + " AND paused_for = 'budget' ORDER BY created_at, id LIMIT ?", rows -> rows.getString("id"), tenant, limit));
  }

  private boolean moved(String tenant, String id, CampaignStatus from, CampaignStatus to, Optional<PauseReason> reason,
      String condition) {
    return Transactions.write(dataSource, "change a campaign's status", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign SET status = ?, paused_for = ?"
          + " WHERE tenant = ? AND id = ? AND status = ?" + condition)) {
        return StatementParameters.bind(update, to.wireName(), reason.map(PauseReason::wireName).orElse(null), tenant,
            id, from.wireName()).executeUpdate() > 0;
      }
    });
  }

  /** Running campaigns whose lease is free or has lapsed at {@code now}. */
  public List<Claimable> claimable(Instant now, int limit) {
    return Transactions.read(dataSource, "find campaigns to dial", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT tenant, id FROM campaign WHERE status = 'running'"
          + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at LIMIT ?")) {
        return Transactions.list(StatementParameters.bind(select, now.toEpochMilli(), limit),
            rows -> new Claimable(rows.getString("tenant"), rows.getString("id")));
      }
    });
  }

  /** Takes the campaign's lease for {@code owner} until {@code until} when no other node holds it. */
  public boolean claim(String tenant, String id, String owner, Instant now, Instant until) {
    return Transactions.write(dataSource, "claim a campaign", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign SET lease_owner = ?, lease_until = ?"
          + " WHERE tenant = ? AND id = ? AND status = 'running' AND (lease_until IS NULL OR lease_until < ?)")) {
        return StatementParameters.bind(update, owner, until.toEpochMilli(), tenant, id, now.toEpochMilli())
            .executeUpdate() > 0;
      }
    });
  }

  /** Holds the lease longer while the campaign runs. @return false when the lease is another's or the campaign no longer runs */
  public boolean renew(String tenant, String id, String owner, Instant until) {
    return Transactions.write(dataSource, "renew a campaign's lease", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign SET lease_until = ?"
          + " WHERE tenant = ? AND id = ? AND lease_owner = ? AND status = 'running'")) {
        return StatementParameters.bind(update, until.toEpochMilli(), tenant, id, owner).executeUpdate() > 0;
      }
    });
  }

  /** Gives the lease back, for another node to claim at once. */
  public void release(String tenant, String id, String owner) {
    Transactions.write(dataSource, "release a campaign's lease", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign SET lease_owner = NULL,"
          + " lease_until = NULL WHERE tenant = ? AND id = ? AND lease_owner = ?")) {
        return StatementParameters.bind(update, tenant, id, owner).executeUpdate();
      }
    });
  }

  /** Marks a running campaign finished once every lead is done. @return whether it finished */
  public boolean finishIfDone(String tenant, String id) {
    return Transactions.write(dataSource, "finish a campaign", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE campaign SET status = 'finished',"
          + " lease_owner = NULL, lease_until = NULL WHERE tenant = ? AND id = ? AND status = 'running' AND NOT EXISTS"
          + " (SELECT 1 FROM campaign_lead l WHERE l.tenant = campaign.tenant AND l.campaign_id = campaign.id"
          + " AND l.state <> 'done')")) {
        return StatementParameters.bind(update, tenant, id).executeUpdate() > 0;
      }
    });
  }

  private static CampaignRow campaign(ResultSet row) throws SQLException {
    int version = row.getInt("bot_version");
    Optional<Integer> botVersion = row.wasNull() ? Optional.empty() : Optional.of(version);
    CallingWindow window = new CallingWindow(LocalTime.parse(row.getString("window_opens")),
        LocalTime.parse(row.getString("window_closes")), Arrays.stream(row.getString("window_days").split(","))
            .map(day -> DayOfWeek.of(Integer.parseInt(day))).collect(Collectors.toSet()));
    return new CampaignRow(row.getString("tenant"), row.getString("id"), row.getString("name"),
        CampaignStatus.ofWireName(row.getString("status")).orElseThrow(), botVersion,
        Optional.ofNullable(row.getString("purpose")), Optional.ofNullable(row.getString("caller_id")), window,
        new Pacing(row.getInt("concurrent_calls"), row.getInt("calls_per_minute")),
        new RetryPolicy(row.getInt("retry_attempts"), Duration.ofMillis(row.getLong("retry_delay_ms")),
            row.getDouble("retry_backoff")),
        Instant.ofEpochMilli(row.getLong("created_at")), VoicemailText.stored(row.getString("voicemail")),
        Optional.ofNullable(row.getString("paused_for")).flatMap(PauseReason::ofWireName));
  }
}
