package io.parley.core.language;

import com.ibm.icu.util.ULocale;
import io.parley.core.bot.BotConfig;
import io.parley.core.handoff.SupportHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The texts of one conversation: the tenant's own wording for its language where it has one
 * ({@link TextOverrides}), else, where the tenant addresses the customer informally in it, the
 * language's informal texts ({@link TextPack#informal}), else the language's pack; a language with neither reads the tenant's
 * language's, then English. A key the chosen pack leaves out reads the tenant's English wording,
 * else the English pack's (logged once, {@link TextPack#text}). In a language written right to
 * left each value a text inserts (a ticket id, a time, an agent's name) is isolated (FSI ... PDI),
 * so a left-to-right value never drags the punctuation beside it to the wrong end.
 */
public final class Wording {
  private static final String FSI = "\u2068";
  private static final String PDI = "\u2069";

  private final String language;
  private final Optional<TextPack> pack;
  private final TextOverrides overrides;

  private Wording(String language, Optional<TextPack> pack, TextOverrides overrides) {
    this.language = language;
    this.pack = pack;
    this.overrides = overrides;
  }

  /** The wording of a conversation in {@code conversation} under a tenant whose language is {@code tenant}. */
  public static Wording of(Optional<LanguageTag> conversation, Optional<LanguageTag> tenant, TextOverrides overrides) {
    String language = conversation.map(LanguageTag::primary).filter(primary -> served(primary, overrides))
        .or(() -> tenant.map(LanguageTag::primary).filter(primary -> served(primary, overrides)))
        .orElse(LanguagePack.FALLBACK);
    // Logs a language without a pack once, as the rules' packs do.
    LanguagePack.of(conversation, tenant);
    return new Wording(language, TextPack.find(language), overrides);
  }

  /** The wording of a conversation in {@code conversation} under the tenant configured as {@code tenant}. */
  public static Wording of(Optional<LanguageTag> conversation, Optional<BotConfig> tenant) {
    return of(conversation, LanguageChoice.tenantLanguage(tenant),
        tenant.map(BotConfig::textOverrides).orElse(TextOverrides.NONE));
  }

  /** English, as the packs have it. */
  public static Wording english() {
    return new Wording(LanguagePack.FALLBACK, Optional.of(TextPack.english()), TextOverrides.NONE);
  }

  private static boolean served(String language, TextOverrides overrides) {
    return TextPack.find(language).isPresent() || overrides.has(language);
  }

  /** The primary language the texts are in. */
  public String language() {
    return language;
  }

  public Locale locale() {
    return Locale.forLanguageTag(language);
  }

  /** Whether this language is written right to left (Arabic, Hebrew). */
  public boolean rightToLeft() {
    return ULocale.forLanguageTag(language).isRightToLeft();
  }

  /**
   * The text under {@code key} with {@code values} in its placeholders: a number as the language
   * writes it, and choosing the plural form of a placeholder that counts.
   */
  public String text(String key, Map<String, ?> values) {
    String text = overrides.text(language, key).filter(TextPack::isPattern)
        .or(() -> overrides.informal(language) ? TextPack.informal(language).flatMap(informal -> informal.own(key))
            : Optional.empty())
        .or(() -> pack.flatMap(own -> own.text(key)))
        .or(() -> overrides.text(LanguagePack.FALLBACK, key).filter(TextPack::isPattern))
        .or(() -> TextPack.english().text(key))
        .orElseThrow(() -> new IllegalArgumentException("no text is called " + key));
    return TextPack.fill(text, rightToLeft() ? isolated(values) : values, locale());
  }

  private static Map<String, Object> isolated(Map<String, ?> values) {
    Map<String, Object> isolated = new HashMap<>(values);
    isolated.replaceAll((name, value) -> value instanceof CharSequence written ? FSI + written + PDI : value);
    return isolated;
  }

  public String text(String key) {
    return text(key, Map.of());
  }

  /** {@code text} written out, the placeholders that are texts themselves first. */
  public String text(CustomerText text) {
    Map<String, String> values = new HashMap<>(text.values());
    text.texts().forEach((placeholder, key) -> values.put(placeholder, text(key, text.values())));
    return text(text.key(), values);
  }

  /**
   * The team's week and whether it is at work at {@code now}, as a customer reads it in this
   * language: days of the same hours as a span ("Montag–Freitag 09:00-17:00"), the zone, and
   * that it is there now or when it is back ({@link #teamBack}).
   */
  public String teamHours(SupportHours hours, Instant now) {
    String week = String.join("; ", hours.spans().stream().map(span -> dayName(span.first())
        + (span.first() == span.last() ? "" : "\u2013" + dayName(span.last())) + " " + String.join(", ", span.openings()))
        .toList());
    return hours.staffedAt(now) ? text("offline.hours.open", Map.of("hours", week, "zone", hours.timeZone()))
        : text("offline.hours.closed", Map.of("hours", week, "zone", hours.timeZone(), "back", teamBack(hours, now)));
  }

  private String dayName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.FULL, locale());
  }

  /**
   * When the team of {@code hours} is back after {@code now}, as a customer reads it in this
   * language: "today at 14:00", "tomorrow at 09:00" or "on Monday at 09:00", and the zone,
   * {@code (Europe/Berlin)}, since the customer may be elsewhere.
   */
  public String teamBack(SupportHours hours, Instant now) {
    ZonedDateTime opening = hours.nextOpening(now);
    long days = opening.toLocalDate().toEpochDay() - now.atZone(hours.zone()).toLocalDate().toEpochDay();
    String key = days == 0 ? "handoff.back.today" : days == 1 ? "handoff.back.tomorrow" : "handoff.back.day";
    return text(key, Map.of(
        "day", dayName(opening.getDayOfWeek()),
        "time", String.format(Locale.ROOT, "%02d:%02d", opening.getHour(), opening.getMinute()),
        "zone", hours.timeZone()));
  }
}
