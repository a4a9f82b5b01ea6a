package io.parley.http.rest.analytics;

import io.parley.http.rest.QueryParameters;
import io.parley.http.rest.conversation.ConversationParameters;
import io.parley.persistence.conversations.ArticleUse;
import io.parley.persistence.conversations.ConversationFigures;
import io.parley.persistence.conversations.ConversationScores;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.conversations.ProcedureFigures;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /v1/analytics}: a tenant's figures over the conversations started in {@code [from, to)},
 * in total and per hour, day or ISO week (UTC): the whole hours of the range from the hourly rollups
 * the projection keeps, the parts of hours at its edges from the conversation rows (docs/analytics.md).
 */
public final class AnalyticsReport {
  static final int MAX_BUCKETS = 2000;
  static final int DEFAULT_ARTICLES = 10;
  static final int MAX_ARTICLES = 50;

  enum Interval { HOUR, DAY, WEEK }

  record BucketJson(Instant start, ConversationFigures.Summary figures) {}

  /**
   * {@code topArticles}: the knowledge-base articles searches found most (each with {@code cited}, how many answers
   * cited it), over the whole UTC days
   * the range touches; {@code quality}: the judge's scores of the range's conversations;
   * {@code procedures}: the runs of each procedure in the range's conversations.
   */
  record ReportJson(String tenant, Instant from, Instant to, String interval, Optional<String> channel,
      ConversationFigures.Summary total, List<BucketJson> buckets, List<ArticleUse.Used> topArticles,
      ConversationScores.Quality quality, List<ProcedureFigures> procedures) {}

  private AnalyticsReport() {}

  public static ReportJson of(JdbcConversations conversations, String tenant, Map<String, String> parameters) {
    Map<String, String> known = new TreeMap<>(parameters);
    known.remove("tenant");
    Instant from = required(known.remove("from"), "from");
    Instant to = required(known.remove("to"), "to");
    Interval interval = interval(Optional.ofNullable(known.remove("interval")).orElse("day"));
    Optional<String> channel = Optional.ofNullable(known.remove("channel"));
    int articles = Optional.ofNullable(known.remove("articles"))
        .map(raw -> QueryParameters.number("articles", raw, 1, MAX_ARTICLES)).orElse(DEFAULT_ARTICLES);
    if (!known.isEmpty()) {
      throw new IllegalArgumentException("unknown parameter '" + known.keySet().iterator().next()
          + "'; known: [articles, channel, from, interval, tenant, to]");
    }
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    Instant first = start(from, interval);
    long buckets = ChronoUnit.HOURS.between(first, to) / hours(interval) + 1;
    if (buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("from and to span " + buckets + " " + name(interval)
          + "s; at most " + MAX_BUCKETS + ": use a longer interval");
    }
    Map<Instant, ConversationFigures> byBucket = new TreeMap<>();
    for (Instant at = first; at.isBefore(to); at = at.plus(Duration.ofHours(hours(interval)))) {
      byBucket.put(at, new ConversationFigures());
    }
    ConversationFigures total = new ConversationFigures();
    conversations.figures(tenant, from, to, channel.map(ConversationParameters::channel), at -> start(at, interval))
        .forEach((start, figures) -> {
          total.add(figures);
          byBucket.get(start).add(figures);
        });
    List<BucketJson> series = new ArrayList<>();
    byBucket.forEach((start, figures) -> series.add(new BucketJson(start, figures.summary())));
    // Articles are counted per UTC day: the days the range touches, the last one whole.
    LocalDate lastDay = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    List<ArticleUse.Used> topArticles = conversations.topArticles(tenant, LocalDate.ofInstant(from, ZoneOffset.UTC),
        lastDay.plusDays(1), articles);
    return new ReportJson(tenant, from, to, name(interval), channel, total.summary(), series, topArticles,
        conversations.scores().quality(tenant, from, to, channel.map(ConversationParameters::channel)),
        conversations.procedures().figures(tenant, from, to, channel.map(ConversationParameters::channel)));
  }

  private static Instant start(Instant at, Interval interval) {
    return switch (interval) {
      case HOUR -> at.truncatedTo(ChronoUnit.HOURS);
      case DAY -> at.truncatedTo(ChronoUnit.DAYS);
      case WEEK -> at.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
          .atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }

  private static long hours(Interval interval) {
    return switch (interval) {
      case HOUR -> 1;
      case DAY -> 24;
      case WEEK -> 24 * 7;
    };
  }

  private static String name(Interval interval) {
    return interval.name().toLowerCase(Locale.ROOT);
  }

  private static Interval interval(String raw) {
    for (Interval interval : Interval.values()) {
      if (name(interval).equals(raw)) return interval;
    }
    throw new IllegalArgumentException("interval must be one of [hour, day, week], got '" + raw + "'");
  }

  private static Instant required(String raw, String name) {
    if (raw == null) throw new IllegalArgumentException(name + " is required: an ISO-8601 instant like 2026-01-31T00:00:00Z");
    return QueryParameters.instant(name, raw);
  }
}
