package io.parley.http.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.PauseReason;
import io.parley.persistence.campaigns.CampaignProgress;
import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.LeadRow;
import io.parley.core.campaign.DialledNumbers;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign, its progress and its leads as the API shows them; a lead's number only masked. A
 * paused campaign says why ({@code pausedFor}: {@code admin} or {@code budget}).
 */
record CampaignJson(String id, String name, String status,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> pausedFor, Optional<Integer> botVersion,
    Optional<String> purpose,
    Optional<String> callerId, Window window, Pacing pacing, Retry retry,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<JsonNode> voicemail,
    Progress progress, Instant createdAt) {

  record Window(String opens, String closes, List<String> days) {}

  record Pacing(int concurrent, int perMinute) {}

  record Retry(int attempts, long delaySeconds, double backoff) {}

  /** The leads counted: to call, being called, talking, done by outcome, and the conversions among them. */
  record Progress(int leads, int pending, int dialling, int talking, Map<String, Integer> outcomes, int conversions) {}

  record Lead(int seq, String number, Optional<String> name, String timeZone, String state, int attempts,
      Instant nextAt, Optional<String> lastOutcome, Optional<Integer> lastSipStatus, Optional<String> callId,
      Optional<String> sessionId) {
    static Lead of(LeadRow row) {
      return new Lead(row.seq(), DialledNumbers.masked(row.number()), row.name(), row.timeZone().getId(), row.state(),
          row.attempts(), row.nextAt(), row.lastOutcome(), row.lastSipStatus(), row.callId(), row.sessionId());
    }
  }

  static CampaignJson of(CampaignRow row, CampaignProgress progress) {
    CallingWindow window = row.window();
    return new CampaignJson(row.id(), row.name(), row.status().wireName(),
        row.pausedFor().map(PauseReason::wireName), row.botVersion(), row.purpose(),
        row.callerId(), new Window(window.opens().toString(), window.closes().toString(),
            window.days().stream().sorted().map(DayOfWeek::name).map(day -> day.substring(0, 3)).toList()),
        new Pacing(row.pacing().concurrent(), row.pacing().perMinute()),
        new Retry(row.retry().attempts(), row.retry().delay().toSeconds(), row.retry().backoff()),
        Optional.of(row.voicemail().toJson()).filter(text -> !text.isNull()),
        new Progress(progress.total(), progress.pending(), progress.dialling(), progress.talking(), progress.outcomes(),
            progress.conversions()),
        row.createdAt());
  }
}
