package io.parley.persistence.campaigns;

import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.PauseReason;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.campaign.VoicemailText;
import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's campaign: its name, status, the bot version its calls run (else the published one),
 * its purpose (the calls' {@code call.purpose}), the caller id shown (else the trunk's), and how it
 * dials: when ({@code window}, in each lead's time), how fast ({@code pacing}), how often again
 * ({@code retry}); the message its calls leave on answering machines ({@code voicemail}, none:
 * the tenant's); and, paused, why ({@code pausedFor}: an admin's pause when not said).
 */
public record CampaignRow(String tenant, String id, String name, CampaignStatus status, Optional<Integer> botVersion,
    Optional<String> purpose, Optional<String> callerId, CallingWindow window, Pacing pacing, RetryPolicy retry,
    Instant createdAt, VoicemailText voicemail, Optional<PauseReason> pausedFor) {
  public CampaignRow {
    pausedFor = status == CampaignStatus.PAUSED ? Optional.of(pausedFor.orElse(PauseReason.ADMIN)) : Optional.empty();
  }

  /** A campaign not paused, or paused by an admin. */
  public CampaignRow(String tenant, String id, String name, CampaignStatus status, Optional<Integer> botVersion,
      Optional<String> purpose, Optional<String> callerId, CallingWindow window, Pacing pacing, RetryPolicy retry,
      Instant createdAt, VoicemailText voicemail) {
    this(tenant, id, name, status, botVersion, purpose, callerId, window, pacing, retry, createdAt, voicemail,
        Optional.empty());
  }

  /** A campaign whose calls leave the tenant's message on answering machines. */
  public CampaignRow(String tenant, String id, String name, CampaignStatus status, Optional<Integer> botVersion,
      Optional<String> purpose, Optional<String> callerId, CallingWindow window, Pacing pacing, RetryPolicy retry,
      Instant createdAt) {
    this(tenant, id, name, status, botVersion, purpose, callerId, window, pacing, retry, createdAt, VoicemailText.none());
  }
}
