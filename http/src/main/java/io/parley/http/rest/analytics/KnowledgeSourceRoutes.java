package io.parley.http.rest.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.WireName;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.tools.kb.DocumentVersion;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.sources.KnowledgeSource;
import io.parley.tools.kb.sources.KnowledgeSources;
import io.parley.tools.kb.sources.SourceCounters;
import io.parley.tools.kb.sources.SourceDefinition;
import io.parley.tools.kb.sources.SourceKind;
import io.parley.tools.kb.sources.SourcePage;
import io.parley.tools.kb.sources.SourceSettings;
import io.parley.tools.kb.sources.SyncProgress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The knowledge sources of the caller's tenant, read by agents and written by admins: {@code POST}
 * and {@code GET /v1/kb/sources}, {@code GET} and {@code DELETE /v1/kb/sources/{id}}, its pages with
 * what the last sync did with each at {@code GET /v1/kb/sources/{id}/documents}, a sync now at {@code
 * POST /v1/kb/sources/{id}/sync} (202: a node claims it), and a source document's versions at {@code
 * GET /v1/kb/documents/{id}/versions}. A thin translator to {@link KnowledgeSources}.
 */
public final class KnowledgeSourceRoutes extends StoreRoutes {
  record SourceJson(String id, String name, String kind, String url, boolean sitemap, List<String> include,
      List<String> exclude, int pageLimit, String syncEvery, Instant createdAt, Instant nextSyncAt, Instant lastSyncAt,
      String lastOutcome, boolean syncing, long run, SourceCounters metrics, SyncProgress progress) {
    static SourceJson of(KnowledgeSource source) {
      SourceDefinition definition = source.definition();
      boolean scheduled = definition.kind() != SourceKind.FILES;
      return new SourceJson(source.id(), definition.name(), definition.kind().wireName(),
          definition.url().map(URI::toString).orElse(null), definition.sitemap(), definition.include(), definition.exclude(),
          definition.pageLimit(), scheduled ? definition.syncEvery().toString() : null, source.createdAt(),
          scheduled ? source.nextSyncAt() : null, source.lastSyncAt().orElse(null),
          source.lastOutcome().orElse(null), source.syncing(), source.run(), source.counters(),
          source.progress().orElse(null));
    }
  }

  record SourcesJson(String tenant, List<SourceJson> sources) {}

  record PageJson(String url, String documentId, String status, String reason, String title, String locale,
      Instant updatedAt, boolean searchable, Instant changedAt) {
    static PageJson of(SourcePage page) {
      return new PageJson(page.url(), page.documentId(), page.status().wireName(), page.reason().orElse(null),
          page.title(), page.locale().orElse(null), page.remoteUpdatedAt().orElse(null), page.searchable(),
          page.changedAt());
    }
  }

  record PagesJson(String source, Instant lastSyncAt, Instant nextSyncAt, List<PageJson> documents) {}

  record VersionJson(int version, String title, String source, String contentHash, Instant recordedAt,
      Instant retiredAt, String content) {
    static VersionJson of(DocumentVersion version) {
      return new VersionJson(version.version(), version.title(), version.source(), version.contentHash(),
          version.recordedAt(), version.retiredAt().orElse(null), version.content());
    }
  }

  record VersionsJson(String documentId, List<VersionJson> versions) {}

  private final KnowledgeSources sources;
  private final KnowledgeBase knowledgeBase;
  private final SourceSettings settings;

  /** {@code settings}: a source's page limit and time between syncs when its tenant gives none. */
  public KnowledgeSourceRoutes(KnowledgeSources sources, KnowledgeBase knowledgeBase, SourceSettings settings,
      Callers callers, StoreCalls calls) {
    super(callers, calls);
    this.sources = sources;
    this.knowledgeBase = knowledgeBase;
    this.settings = settings;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("kb"), () -> callers.caller(caller -> concat(
        pathPrefix("sources", () -> concat(
            pathEnd(() -> concat(
                post(() -> writing(caller, "kb.source.create", () -> calls.objectBody(body -> calls.call(() -> {
                  KnowledgeSource added = sources.add(caller.tenant(), definition(body, sources.bounds(caller.tenant())));
                  return calls.json(StatusCodes.CREATED, SourceJson.of(added))
                      .addHeader(Location.create("/v1/kb/sources/" + added.id()));
                })))),
                get(() -> reading(caller, () -> calls.call(() -> calls.json(StatusCodes.OK, new SourcesJson(caller.tenant(),
                    sources.list(caller.tenant()).stream().map(SourceJson::of).toList()))))))),
            pathPrefix(PathMatchers.segment(), id -> concat(
                pathEnd(() -> concat(
                    get(() -> reading(caller, () -> calls.call(() -> sources.find(caller.tenant(), id)
                        .map(source -> calls.json(StatusCodes.OK, SourceJson.of(source))).orElseGet(() -> notFound(id))))),
                    delete(() -> writing(caller, "kb.source.delete", () -> calls.call(() -> sources.delete(caller.tenant(), id)
                        ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT) : notFound(id)))))),
                path("documents", () -> get(() -> reading(caller, () -> calls.call(() -> sources.find(caller.tenant(), id)
                    .map(source -> calls.json(StatusCodes.OK, new PagesJson(id, source.lastSyncAt().orElse(null),
                        SourceJson.of(source).nextSyncAt(), sources.pages(caller.tenant(), id).orElse(List.of()).stream()
                            .map(PageJson::of).toList())))
                    .orElseGet(() -> notFound(id)))))),
                path("sync", () -> post(() -> writing(caller, "kb.source.sync", () -> calls.call(() ->
                    sources.syncNow(caller.tenant(), id) ? HttpResponse.create().withStatus(StatusCodes.ACCEPTED)
                        : notFound(id))))))))),
        path(PathMatchers.segment("documents").slash(PathMatchers.segment()).slash("versions"), id ->
            get(() -> reading(caller, () -> calls.call(() -> calls.json(StatusCodes.OK, new VersionsJson(id,
                knowledgeBase.versions(caller.tenant(), id).stream().map(VersionJson::of).toList())))))))));
  }

  private Route reading(Caller caller, Supplier<Route> inner) {
    return callers.permitted(caller, Action.READ_KNOWLEDGE_BASE, inner);
  }

  private Route writing(Caller caller, String auditAction, Supplier<Route> inner) {
    return callers.audited(caller, Action.WRITE_KNOWLEDGE_BASE, auditAction, inner);
  }

  /**
   * The source {@code body} asks for ({@code syncEvery} an ISO-8601 duration, {@code PT6H}); a page
   * limit it does not give is the tenant's {@code bounds}. A files source has a name and no url.
   */
  private SourceDefinition definition(JsonNode body, SourceSettings bounds) {
    SourceKind kind = WireName.of(SourceKind.values(), "kind", StoreCalls.text(body, "kind"));
    JsonNode limit = body.path("pageLimit");
    if (!limit.isMissingNode() && !limit.isNull() && !limit.canConvertToInt()) {
      throw new IllegalArgumentException("pageLimit must be a whole number");
    }
    int pageLimit = limit.isMissingNode() || limit.isNull() ? bounds.maxPagesPerSource() : limit.asInt();
    if (kind == SourceKind.FILES) {
      if (StoreCalls.optionalText(body, "url").isPresent()) {
        throw new IllegalArgumentException("a files source has no url: files are uploaded to it (POST /v1/kb/files?source=)");
      }
      return SourceDefinition.files(StoreCalls.text(body, "name"), pageLimit);
    }
    URI url;
    try {
      url = new URI(StoreCalls.text(body, "url"));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("url must be an http or https URL: " + e.getMessage());
    }
    Duration every;
    try {
      every = StoreCalls.optionalText(body, "syncEvery").map(Duration::parse).orElse(settings.defaultSyncEvery());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("syncEvery must be an ISO-8601 duration such as PT6H or P1D");
    }
    return new SourceDefinition(StoreCalls.optionalText(body, "name").orElse(url.getHost() == null ? "" : url.getHost()),
        kind, Optional.of(url), body.path("sitemap").asBoolean(false), strings(body, "include"), strings(body, "exclude"),
        pageLimit, every);
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) return List.of();
    if (!value.isArray()) throw new IllegalArgumentException(field + " must be an array of path patterns");
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) throw new IllegalArgumentException(field + " must be an array of path patterns");
      strings.add(item.asText());
    }
    return strings;
  }

  private HttpResponse notFound(String id) {
    return calls.errors().response(ErrorCode.NOT_FOUND, "no knowledge source " + id + " in this tenant");
  }
}
