package io.parley.http.rest.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.parley.core.gaps.GapSample;
import io.parley.core.gaps.GapTopic;
import io.parley.core.gaps.GapTopics;
import io.parley.http.rest.QueryParameters;
import io.parley.persistence.gaps.JdbcKnowledgeGaps;
import io.parley.tools.kb.KnowledgeBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /v1/analytics/knowledge-gaps}: the questions a tenant's customers asked in {@code [from,
 * to)} that the bot could not answer, grouped into topics by meaning (docs/analytics.md#knowledge-gaps).
 * {@code from} defaults to 30 days before {@code to}, {@code to} to now; the latest {@value
 * #MOST_QUESTIONS} questions of the window are grouped, and the {@code limit} most asked topics
 * (default {@value #DEFAULT_TOPICS}) answered, each with at most {@code examples} wordings (default
 * {@value #DEFAULT_EXAMPLES}). Each topic names the knowledge base's nearest article to its question
 * ({@code article}: {@code documentId}, {@code title}, {@code url} when it has one), the one to fix
 * when the bot could not answer from it; none when no article is near, or the knowledge base cannot be
 * searched (the report does not wait on it).
 */
public final class KnowledgeGapReport {
  static final int MOST_QUESTIONS = 2_000;
  static final int DEFAULT_TOPICS = 20;
  static final int MAX_TOPICS = 100;
  static final int DEFAULT_EXAMPLES = 3;
  static final int MAX_EXAMPLES = 10;
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  record ReportJson(String tenant, Instant from, Instant to, int questions, List<TopicJson> topics) {}

  record TopicJson(@JsonUnwrapped GapTopic topic, @JsonInclude(JsonInclude.Include.NON_NULL) ArticleJson article) {}

  record ArticleJson(String documentId, String title, @JsonInclude(JsonInclude.Include.NON_EMPTY) String url) {}

  private KnowledgeGapReport() {}

  public static ReportJson of(JdbcKnowledgeGaps gaps, KnowledgeBase knowledgeBase, String tenant,
      Map<String, String> parameters, Clock clock) {
    Map<String, String> known = new TreeMap<>(parameters);
    known.remove("tenant");
    Instant to = Optional.ofNullable(known.remove("to")).map(raw -> QueryParameters.instant("to", raw))
        .orElseGet(clock::instant);
    Instant from = Optional.ofNullable(known.remove("from")).map(raw -> QueryParameters.instant("from", raw))
        .orElseGet(() -> to.minus(DEFAULT_WINDOW));
    int limit = Optional.ofNullable(known.remove("limit"))
        .map(raw -> QueryParameters.number("limit", raw, 1, MAX_TOPICS)).orElse(DEFAULT_TOPICS);
    int examples = Optional.ofNullable(known.remove("examples"))
        .map(raw -> QueryParameters.number("examples", raw, 1, MAX_EXAMPLES)).orElse(DEFAULT_EXAMPLES);
    if (!known.isEmpty()) {
      throw new IllegalArgumentException("unknown parameter '" + known.keySet().iterator().next()
          + "'; known: [examples, from, limit, tenant, to]");
    }
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    List<GapSample> asked = gaps.asked(tenant, from, to, MOST_QUESTIONS);
    List<GapTopic> topics = GapTopics.of(asked, GapTopics.DEFAULT_SIMILARITY, examples);
    return new ReportJson(tenant, from, to, asked.size(), topics.subList(0, Math.min(limit, topics.size())).stream()
        .map(topic -> new TopicJson(topic, nearest(knowledgeBase, tenant, topic.question()))).toList());
  }

  private static ArticleJson nearest(KnowledgeBase knowledgeBase, String tenant, String question) {
    String query = question.length() > KnowledgeBase.MAX_QUERY_CHARS ? question.substring(0, KnowledgeBase.MAX_QUERY_CHARS)
        : question;
    try {
      return knowledgeBase.search(tenant, query, 1).stream().findFirst()
          .map(hit -> new ArticleJson(hit.documentId(), hit.title(), hit.url())).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
