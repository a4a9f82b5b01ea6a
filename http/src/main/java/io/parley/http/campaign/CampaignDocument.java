package io.parley.http.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.campaign.VoicemailText;
import io.parley.persistence.campaigns.CampaignRow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code POST /v1/campaigns} body: {@code name} (required), {@code botVersion}, {@code purpose},
 * {@code callerId}, {@code window} ({@code opens}, {@code closes} as {@code HH:mm}, {@code days}
 * as {@code MON}…{@code SUN}; weekdays 09:00 to 20:00 when absent), {@code pacing}
 * ({@code concurrent}, {@code perMinute}; 1 and 10), {@code retry} ({@code attempts},
 * {@code delaySeconds}, {@code backoff}; 3, 600 and 2), {@code voicemail} (the message its calls leave
 * on answering machines: one text, or a text per language, {@link VoicemailText}), {@code paused}
 * (created paused), and {@code leads} (see {@link LeadUpload}).
 */
final class CampaignDocument {
  private static final Set<String> FIELDS = Set.of("name", "botVersion", "purpose", "callerId", "window", "pacing",
      "retry", "voicemail", "paused", "leads");
  private static final int MAX_NAME = 200;
  private static final int MAX_PURPOSE = 300;

  private CampaignDocument() {}

  /** @throws IllegalArgumentException saying what is wrong */
  static CampaignRow read(String tenant, String id, JsonNode body, Instant now) {
    known(body, FIELDS, "");
    String name = body.path("name").asText("").strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("name is required, up to " + MAX_NAME + " characters");
    }
    Optional<Integer> botVersion = Optional.empty();
    if (present(body.path("botVersion"))) {
      if (!body.path("botVersion").isIntegralNumber() || body.path("botVersion").asInt() < 1) {
        throw new IllegalArgumentException("botVersion must be a published version's number (1 or more)");
      }
      botVersion = Optional.of(body.path("botVersion").asInt());
    }
    Optional<String> purpose = text(body, "purpose");
    if (purpose.filter(p -> p.length() > MAX_PURPOSE).isPresent()) {
      throw new IllegalArgumentException("purpose is up to " + MAX_PURPOSE + " characters");
    }
    CampaignStatus status = body.path("paused").asBoolean(false) ? CampaignStatus.PAUSED : CampaignStatus.RUNNING;
    return new CampaignRow(tenant, id, name, status, botVersion, purpose, text(body, "callerId"), window(body.path("window")),
        pacing(body.path("pacing")), retry(body.path("retry")), now, VoicemailText.of(body.path("voicemail"), "voicemail"));
  }

  private static CallingWindow window(JsonNode window) {
    if (!present(window)) return CallingWindow.WORKING_DAYS;
    known(window, Set.of("opens", "closes", "days"), "window.");
    try {
      LocalTime opens = LocalTime.parse(window.path("opens").asText("09:00"));
      LocalTime closes = LocalTime.parse(window.path("closes").asText("20:00"));
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      if (!present(window.path("days"))) {
        days.addAll(CallingWindow.WORKING_DAYS.days());
      } else {
        for (JsonNode day : window.path("days")) days.add(day(day.asText()));
      }
      return new CallingWindow(opens, closes, days);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("window.opens and window.closes are times of day, HH:mm");
    }
  }

  private static DayOfWeek day(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().substring(0, 3).equals(name.toUpperCase(Locale.ROOT))) return day;
    }
    throw new IllegalArgumentException("window.days are MON, TUE, WED, THU, FRI, SAT, SUN; got \"" + name + "\"");
  }

  private static Pacing pacing(JsonNode pacing) {
    if (!present(pacing)) return new Pacing(1, 10);
    known(pacing, Set.of("concurrent", "perMinute"), "pacing.");
    return new Pacing(pacing.path("concurrent").asInt(1), pacing.path("perMinute").asInt(10));
  }

  private static RetryPolicy retry(JsonNode retry) {
    if (!present(retry)) return new RetryPolicy(3, Duration.ofMinutes(10), 2);
    known(retry, Set.of("attempts", "delaySeconds", "backoff"), "retry.");
    return new RetryPolicy(retry.path("attempts").asInt(3), Duration.ofSeconds(retry.path("delaySeconds").asLong(600)),
        retry.path("backoff").asDouble(2));
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!present(value)) return Optional.empty();
    if (!value.isTextual()) throw new IllegalArgumentException(field + " must be a string");
    return value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText().strip());
  }

  private static boolean present(JsonNode node) {
    return !node.isMissingNode() && !node.isNull();
  }

  private static void known(JsonNode body, Set<String> fields, String prefix) {
    if (!body.isObject()) throw new IllegalArgumentException((prefix.isEmpty() ? "the body" : prefix) + " must be an object");
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + prefix + name + "\"; the fields are "
            + String.join(", ", List.copyOf(new java.util.TreeSet<>(fields)).stream().map(f -> prefix + f).toList()));
      }
    }
  }
}
