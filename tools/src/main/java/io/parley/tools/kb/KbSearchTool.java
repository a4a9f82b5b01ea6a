package io.parley.tools.kb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.citation.Citation;
import io.parley.core.offline.ArticlePassage;
import io.parley.tools.StoreTool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import io.parley.core.language.LanguageTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kb_search} (elsewhere {@code kb.search}; tool names cannot hold a dot): searches the
 * tenant's knowledge base and gives the model the passages with their titles. Idempotent.
 *
 * <p>Content: {@code {"query", "results": [{"id", "documentId", "title", "section", "text", "score", "source",
 * "url", "language"}]}} where {@code id} numbers the passages from 1 (the model cites a passage by it,
 * "[1]": {@link #citable}), {@code text} is the whole chunk (at most about 300 words: the model answers
 * from it, a snippet would be too little), {@code score} the fused score from 0 to 1, {@code documentId}
 * the article's id (the conversations' analytics count articles by it), {@code url} the article's web
 * address (absent when it has none) and {@code language} its language. The passages in the
 * conversation's language come first, those in others after them ({@link KnowledgeBase#search});
 * when some are in another, {@code translate} asks the model to answer in the customer's language
 * all the same, translating them (the node's answer then says it was translated:
 * {@code io.parley.core.citation.TranslationNotice}). Summary: "Found 2 articles", "No articles found".
 */
public final class KbSearchTool extends StoreTool<KnowledgeBase> {
  public static final String NAME = "kb_search";
  private static final ObjectMapper CONTENT = new ObjectMapper();
  public static final int DEFAULT_LIMIT = 3;
  public static final int MAX_LIMIT = 5;

  private static final ToolDefinition DEFINITION = StoreTool.definition(NAME,
      "Search this company's help-centre articles (shipping, delivery and tracking, returns and refunds, passwords and"
          + " accounts, warranty, contact details and opening hours, support response times) for what answers the"
          + " customer. Use it before answering any question about policies, times, prices or how something works, and"
          + " answer only from the passages it returns; when none of them answers the question, say so instead of"
          + " guessing. Cite each passage you use by its id, like [1]. Answer in the customer's language even from a"
          + " passage in another, translating it. Write the query as a short question or a few keywords, in English or the"
          + " customer's language.",
      true, """
          {
            "type": "object",
            "properties": {
              "query": {
                "type": "string", "minLength": 2, "maxLength": 500,
                "description": "What to look for, e.g. 'how long does express shipping take'"
              },
              "limit": {
                "type": "integer", "minimum": 1, "maximum": 5,
                "description": "How many passages to return, 1 to 5; default 3"
              }
            },
            "required": ["query"],
            "additionalProperties": false
          }
          """);

  public KbSearchTool(KnowledgeBase knowledgeBase) {
    super(DEFINITION, knowledgeBase,
        "The knowledge base cannot be searched right now; answer without it, and do not guess at policies.");
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    JsonNode arguments = invocation.arguments();
    String query = arguments.path("query").asText().strip();
    int limit = arguments.path("limit").asInt(DEFAULT_LIMIT);
    if (query.isEmpty() || limit < 1 || limit > MAX_LIMIT) {
      throw refused("kb_search needs a query and a limit from 1 to " + MAX_LIMIT);
    }
    List<SearchHit> hits = fromStore(knowledgeBase -> knowledgeBase.search(invocation.tenant(), query, limit, invocation.language()));
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    content.put("query", query);
    ArrayNode results = content.putArray("results");
    for (SearchHit hit : hits) {
      ObjectNode result = results.addObject();
      result.put("id", results.size());
      result.put("documentId", hit.documentId());
      result.put("title", hit.title());
      if (!hit.section().isEmpty()) result.put("section", hit.section());
      result.put("text", hit.text());
      result.put("score", hit.score());
      result.put("source", hit.source());
      if (!hit.url().isEmpty()) result.put("url", hit.url());
      result.put("language", hit.language());
    }
    translation(hits, invocation.language()).ifPresent(note -> content.put("translate", note));
    long articles = hits.stream().map(SearchHit::documentId).distinct().count();
    String summary = articles == 0 ? "No articles found" : "Found " + articles + (articles == 1 ? " article" : " articles");
    return new ToolResult(content.toString(), summary);
  }

  /**
   * What the model is told when passages are in another language than the conversation's: which,
   * and to answer in the customer's language all the same.
   */
  static Optional<String> translation(List<SearchHit> hits, Optional<String> language) {
    Optional<String> customer = language.flatMap(LanguageTag::parse).map(LanguageTag::primary);
    if (customer.isEmpty()) return Optional.empty();
    List<String> foreign = new ArrayList<>();
    for (int id = 1; id <= hits.size(); id++) {
      String written = hits.get(id - 1).language();
      if (!written.isEmpty() && !written.equals(customer.get())) foreign.add("[" + id + "]");
    }
    if (foreign.isEmpty()) return Optional.empty();
    String name = Locale.forLanguageTag(customer.get()).getDisplayLanguage(Locale.ENGLISH);
    boolean one = foreign.size() == 1;
    String them = one ? "it" : "them";
    return Optional.of((one ? "Passage " + foreign.get(0) + " is" : "Passages " + String.join(", ", foreign) + " are")
        + " not in the customer's language, " + name + ". Answer in " + name + " all the same, translating what you take"
        + " from " + them + ", and cite " + them + " as usual; the reply will say by itself that it was translated.");
  }

  /**
   * Whether a {@code kb_search} result's {@code content} holds any passage: false for one that
   * found nothing, and for content that is not a search's.
   */
  public static boolean foundAny(String content) {
    try {
      return !CONTENT.readTree(content).path("results").isEmpty();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /**
   * The passages a {@code kb_search} result's {@code content} gave the model, by the {@code id} it
   * cites them by; none for content that is not a search's (or was written before passages had ids).
   */
  public static Map<Integer, Citation> citable(String content) {
    Map<Integer, Citation> passages = new LinkedHashMap<>();
    try {
      for (JsonNode result : CONTENT.readTree(content).path("results")) {
        int id = result.path("id").asInt(0);
        String documentId = result.path("documentId").asText("");
        if (id < 1 || documentId.isEmpty()) continue;
        passages.put(id, new Citation(id, documentId, result.path("title").asText(""), result.path("url").asText(""),
            result.path("text").asText(""), result.path("language").asText("")));
      }
    } catch (JsonProcessingException e) {
      return Map.of();
    }
    return passages;
  }

  /**
   * For answering without a model: the passage of the tenant's article that answers
   * {@code question}, read in {@code language} (a BCP 47 tag), when one holds enough of its words ({@link ArticleMatch}).
   *
   * @throws io.parley.tools.ToolFailure when the knowledge base cannot be searched
   */
  public Optional<ArticlePassage> passageAnswering(String tenant, String question, Optional<String> language) {
    String query = question.strip();
    if (query.isEmpty()) return Optional.empty();
    String bounded = query.length() > KnowledgeBase.MAX_QUERY_CHARS ? query.substring(0, KnowledgeBase.MAX_QUERY_CHARS) : query;
    return fromStore(knowledgeBase -> knowledgeBase.passageAnswering(tenant, bounded, language));
  }
}
