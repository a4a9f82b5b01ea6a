package io.parley.tools.kb.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The articles of a help centre's export, in the shapes their APIs document: Zendesk Guide's
 * {@code {"articles":[{"id","title","body","html_url","locale","updated_at"}]}} (an ISO timestamp)
 * and Intercom's {@code {"type":"list","data":[{"id","title","body","url","updated_at"}]}} (epoch
 * seconds). An article without a title, body or URL is left out; drafts too.
 */
final class HelpCenterExport {
  static final int MAX_BYTES = 50 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An article: its body is HTML. */
  record Article(String url, String title, String body, Optional<String> locale, Optional<Instant> updatedAt) {}

  private HelpCenterExport() {}

  /** @throws IllegalArgumentException when {@code json} is not an export of {@code kind} */
  static List<Article> parse(SourceKind kind, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the export is not JSON: " + e.getOriginalMessage());
    }
    JsonNode list = switch (kind) {
      case ZENDESK -> root.path("articles");
      case INTERCOM -> root.path("data");
      case WEBSITE, FILES -> throw new IllegalArgumentException("a " + kind.wireName() + " source has no export");
    };
    if (!list.isArray()) {
      throw new IllegalArgumentException("the export has no " + (kind == SourceKind.ZENDESK ? "articles" : "data")
          + " array: not a " + kind.wireName() + " articles export");
    }
    List<Article> articles = new ArrayList<>();
    for (JsonNode article : list) {
      if (article.path("draft").asBoolean(false) || "draft".equals(article.path("state").asText())) continue;
      String url = article.path(kind == SourceKind.ZENDESK ? "html_url" : "url").asText("").strip();
      String title = article.path("title").asText("").strip();
      String body = article.path("body").asText("");
      if (url.isEmpty() || title.isEmpty() || body.isBlank()) continue;
      Optional<String> locale = Optional.of(article.path("locale").asText("").strip()).filter(text -> !text.isEmpty());
      articles.add(new Article(url, title, body, locale, updatedAt(article.path("updated_at"))));
    }
    return articles;
  }

  private static Optional<Instant> updatedAt(JsonNode value) {
    if (value.isNumber()) return Optional.of(Instant.ofEpochSecond(value.asLong()));
    try {
      return value.isTextual() ? Optional.of(OffsetDateTime.parse(value.asText()).toInstant()) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
