package io.parley.persistence.campaigns;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A campaign's lead and where it is: {@code pending} (due at {@code nextAt}), {@code dialling}
 * (call {@code callId} placed), {@code answered} (talking in {@code sessionId}) or {@code done}
 * ({@code lastOutcome} final). {@code fields}: its named fields, a JSON object's text.
 */
public record LeadRow(String tenant, String campaignId, int seq, String number, Optional<String> name, ZoneId timeZone,
    String fields, String state, int attempts, Instant nextAt, Optional<String> lastOutcome,
    Optional<Integer> lastSipStatus, Optional<String> callId, Optional<String> sessionId) {

  /** Without the lead's number, name and fields: personal data, never logged. */
  @Override
  public String toString() {
    return "LeadRow[" + tenant + ", " + campaignId + ", " + seq + ", " + state + ", attempts " + attempts + "]";
  }

  /** A lead to add: its number (E.164 or a SIP URI), name, time zone and named fields (a JSON object's text). */
  public record New(String number, Optional<String> name, ZoneId timeZone, String fields) {
    @Override
    public String toString() {
      return "LeadRow.New[" + timeZone + "]";
    }
  }
}
