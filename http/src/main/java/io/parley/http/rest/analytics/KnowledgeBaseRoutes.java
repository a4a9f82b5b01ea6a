package io.parley.http.rest.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.compute.CpuWork;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.UnreadBodies;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.tools.kb.DocumentFormat;
import io.parley.tools.kb.KbDocument;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
import io.parley.tools.kb.SearchHit;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The knowledge base of the caller's tenant, read by agents and written by admins: {@code POST /v1/kb/documents}, {@code
 * GET /v1/kb/documents}, {@code GET}, {@code PUT} (replace) and {@code DELETE /v1/kb/documents/{id}}, {@code GET
 * /v1/kb/search?q=&limit=&language=}. A thin translator to {@link KnowledgeBase}. A document's {@code language}
 * is a BCP 47 tag, refused as {@code bad_request} naming it when malformed; without one, the knowledge base
 * detects it, falling back to the tenant's language. A request under {@code /v1/kb} refused before its body is
 * read (the caller's credential or role), the knowledge files' uploads among them, is answered once the body is
 * heard out ({@link UnreadBodies}).
 */
public final class KnowledgeBaseRoutes extends StoreRoutes {
  static final int DEFAULT_SEARCH_LIMIT = 5;

  /** {@code language} is null only for a document stored before documents had one, until its language is detected. */
  record DocumentJson(String id, String title, String format, String source, String language, int chunks,
      Instant createdAt, @JsonInclude(JsonInclude.Include.NON_EMPTY) String url) {
    static DocumentJson of(KbDocument document) {
      return new DocumentJson(document.id(), document.title(), document.format().wireName(), document.source(),
          document.language().map(LanguageTag::tag).orElse(null), document.chunks(), document.createdAt(), document.url());
    }
  }

  record DocumentsJson(String tenant, List<DocumentJson> documents) {}

  /** {@code url}: the document's address when its source is one, else empty. */
  record HitJson(String documentId, int chunk, String title, String section, String source, String url, String snippet,
      String text, double score, int keywordRank, int vectorRank) {
    static HitJson of(SearchHit hit) {
      return new HitJson(hit.documentId(), hit.chunk(), hit.title(), hit.section(), hit.source(), hit.url(), hit.snippet(),
          hit.text(), hit.score(), hit.keywordRank(), hit.vectorRank());
    }
  }

  record SearchJson(String tenant, String query, List<HitJson> results) {}

  private final KnowledgeBase knowledgeBase;
  private final CpuWork cpu;
  private final Function<String, Optional<LanguageTag>> tenantLanguages;

  /** {@code cpu}: where a document is chunked and embedded, so a tenant's long import keeps its CPU from the calls on the blocking dispatcher. */
  public KnowledgeBaseRoutes(KnowledgeBase knowledgeBase, Callers callers, StoreCalls calls, CpuWork cpu,
      Function<String, Optional<LanguageTag>> tenantLanguages) {
    super(callers, calls);
    this.knowledgeBase = knowledgeBase;
    this.cpu = cpu;
    this.tenantLanguages = tenantLanguages;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("kb"), () -> UnreadBodies.drained(() -> callers.caller(caller -> concat(
        pathPrefix("documents", () -> concat(
            pathEnd(() -> concat(
                post(() -> writing(caller, "kb.document.create", () -> calls.objectBody(body -> calls.call(() -> ingest(caller.tenant(), body))))),
                get(() -> reading(caller, () -> calls.call(() -> calls.json(StatusCodes.OK, new DocumentsJson(caller.tenant(),
                    knowledgeBase.list(caller.tenant()).stream().map(DocumentJson::of).toList()))))))),
            path(PathMatchers.segment(), id -> concat(
                get(() -> reading(caller, () -> calls.call(() -> knowledgeBase.find(caller.tenant(), id)
                    .map(document -> calls.json(StatusCodes.OK, DocumentJson.of(document)))
                    .orElseGet(() -> notFound(id))))),
                put(() -> writing(caller, "kb.document.replace", () -> calls.objectBody(body -> calls.call(() ->
                    cpu.run(caller.tenant(), () -> knowledgeBase.replace(caller.tenant(), id, newDocument(body),
                            tenantLanguages.apply(caller.tenant())))
                        .map(document -> calls.json(StatusCodes.OK, DocumentJson.of(document)))
                        .orElseGet(() -> notFound(id)))))),
                delete(() -> writing(caller, "kb.document.delete", () -> calls.call(() -> knowledgeBase.delete(caller.tenant(), id)
                    ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT) : notFound(id)))))))),
        path("search", () -> get(() -> reading(caller, () -> parameterOptional("q", q -> parameterOptional("limit", limit ->
            parameterOptional("language", language ->
                completeWithFuture(search(caller.tenant(), q.orElse(""), limit, language))))))))))));
  }

  private Route reading(Caller caller, java.util.function.Supplier<Route> inner) {
    return callers.permitted(caller, Action.READ_KNOWLEDGE_BASE, inner);
  }

  private Route writing(Caller caller, String auditAction, java.util.function.Supplier<Route> inner) {
    return callers.audited(caller, Action.WRITE_KNOWLEDGE_BASE, auditAction, inner);
  }

  private HttpResponse ingest(String tenant, JsonNode body) {
    KbDocument stored = cpu.run(tenant, () -> knowledgeBase.ingest(tenant, newDocument(body), tenantLanguages.apply(tenant)));
    return calls.json(StatusCodes.CREATED, DocumentJson.of(stored))
        .addHeader(Location.create("/v1/kb/documents/" + stored.id() + "?tenant=" + tenant));
  }

  /** The body of a create or a replace. */
  private static NewDocument newDocument(JsonNode body) {
    String format = StoreCalls.text(body, "format");
    return new NewDocument(StoreCalls.text(body, "title"), StoreCalls.text(body, "content"),
        DocumentFormat.fromWireName(format).orElseThrow(() -> new IllegalArgumentException("format must be one of "
            + Arrays.stream(DocumentFormat.values()).map(DocumentFormat::wireName).collect(Collectors.joining(", "))
            + ", got '" + format + "'")),
        StoreCalls.optionalText(body, "source").orElse("api"), StoreCalls.optionalText(body, "language").map(KnowledgeBaseRoutes::language),
        StoreCalls.optionalText(body, "url").orElse(""));
  }

  private static LanguageTag language(String raw) {
    return LanguageTag.parse(raw).orElseThrow(() -> new IllegalArgumentException("language: unknown language tag: " + raw
        + " (expected a BCP 47 tag of an ISO 639 language, e.g. de or pt-BR)"));
  }

  /**
   * {@code GET /v1/kb/search}'s answer: the tenant's best passages for {@code query}, read in {@code language} (as a
   * conversation in it would), else the tenant's.
   */
  public CompletionStage<HttpResponse> search(String tenant, String query, Optional<String> rawLimit, Optional<String> language) {
    return calls.answer(() -> {
      if (query.isBlank()) throw new IllegalArgumentException("missing query parameter: q");
      int limit;
      try {
        limit = rawLimit.map(Integer::parseInt).orElse(DEFAULT_SEARCH_LIMIT);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + KnowledgeBase.MAX_SEARCH_LIMIT);
      }
      Optional<LanguageTag> reading = language.map(KnowledgeBaseRoutes::language).or(() -> tenantLanguages.apply(tenant));
      List<HitJson> hits = knowledgeBase.search(tenant, query, limit, reading.map(LanguageTag::tag)).stream()
          .map(HitJson::of).toList();
      return calls.json(StatusCodes.OK, new SearchJson(tenant, query, hits));
    });
  }

  private HttpResponse notFound(String id) {
    return calls.errors().response(ErrorCode.NOT_FOUND, "no document " + id + " in this tenant's knowledge base");
  }
}
