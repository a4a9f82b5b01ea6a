package io.parley.http.campaign;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * The node's pace and bounds for campaigns ({@code parley.campaigns}, {@code PARLEY_CAMPAIGNS_*}).
 *
 * @param pollEvery how often a node looks for running campaigns no node dials, and how often a dialler looks for due leads
 * @param lease how long a node holds a campaign without renewing it: how soon another node takes over from one that stopped
 * @param maxLeads the leads one campaign holds at most
 */
public record CampaignSettings(Duration pollEvery, Duration lease, int maxLeads) {
  public static CampaignSettings from(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new CampaignSettings(reader.duration("parley.campaigns.poll-every", "PARLEY_CAMPAIGNS_POLL_EVERY"),
        reader.duration("parley.campaigns.lease", "PARLEY_CAMPAIGNS_LEASE"),
        reader.positiveInt("parley.campaigns.max-leads", "PARLEY_CAMPAIGNS_MAX_LEADS"));
  }
}
