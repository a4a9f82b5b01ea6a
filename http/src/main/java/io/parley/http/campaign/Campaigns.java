package io.parley.http.campaign;

import io.parley.core.audit.AuditLog;
import io.parley.core.erasure.TenantSecrets;
import io.parley.http.rest.call.CallPlacing;
import io.parley.persistence.campaigns.CampaignLeads;
import io.parley.persistence.campaigns.DoNotCallList;
import io.parley.persistence.campaigns.JdbcCampaigns;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A node's campaigns: their stores, the do-not-call list, the placing of calls and the dialler that uses it. */
public record Campaigns(JdbcCampaigns campaigns, CampaignLeads leads, DoNotCallList doNotCall, CallPlacing placing,
    Dialler dialler, CampaignSettings settings) {
  private static final Logger LOG = LoggerFactory.getLogger(Campaigns.class);

  /**
   * The stores on {@code dataSource} and a dialler, started on a node that places calls (its SIP
   * bridge on): a node without one never claims a campaign, whose leads it could only fail. Close
   * the dialler with the node; what it pauses and resumes by itself goes to {@code audit}. Leads an earlier version stored in plain text are sealed first, and
   * the number keys it stored as plain hashes keyed (docs/security.md#campaign-leads).
   */
  public static Campaigns start(DataSource dataSource, CallPlacing placing, CampaignSettings settings,
      PrometheusRegistry registry, AuditLog audit, Clock clock) {
    JdbcCampaigns campaigns = new JdbcCampaigns(dataSource);
    CampaignLeads leads = new CampaignLeads(dataSource, placing.means().secrets());
    // What an earlier version stored is brought up to date here; a failure must not keep the node from starting.
    try {
      int sealed = leads.sealPlain();
      if (sealed > 0) LOG.info("Sealed {} campaign leads stored in plain text by an earlier version", sealed);
      int keyed = leads.rekey() + placing.means().doNotCall().rekey();
      if (keyed > 0) LOG.info("Keyed the number keys of {} campaign leads and do-not-call entries of an earlier version", keyed);
    } catch (RuntimeException e) {
      LOG.warn("Sealing and keying the campaign leads an earlier version stored failed; the next start tries again", e);
    }
    Dialler dialler = new Dialler(campaigns, leads, new SipLeadCalls(placing), placing.means().spend(), audit, settings,
        new CampaignMetrics(registry), clock);
    if (placing.means().phone().isPresent()) dialler.start();
    return new Campaigns(campaigns, leads, placing.means().doNotCall(), placing, dialler, settings);
  }

  /** The bot's {@code do_not_call} tool, on the node's database. */
  public static io.parley.tools.Tool doNotCallTool(DataSource dataSource, TenantSecrets secrets, Clock clock) {
    return new DoNotCallTool(new CampaignLeads(dataSource, secrets), new DoNotCallList(dataSource, secrets), clock);
  }
}
