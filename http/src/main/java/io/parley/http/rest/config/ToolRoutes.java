package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.compute.CpuWork;
import io.parley.core.language.LanguageTag;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.TicketRoutes;
import io.parley.http.rest.analytics.KnowledgeBaseRoutes;
import io.parley.http.rest.analytics.KnowledgeFileRoutes;
import io.parley.http.rest.analytics.KnowledgeSourceRoutes;
import io.parley.persistence.desk.JdbcAgentProfiles;
import io.parley.tools.BuiltInTools;
import io.parley.tools.kb.files.FileImport;
import io.parley.tools.kb.sources.KnowledgeSources;
import io.parley.tools.kb.sources.SourceSettings;
import io.parley.tools.tickets.TicketReplyDelivery;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The REST face of the tools: the built-in tools' stores ({@link KnowledgeBaseRoutes} with its sources,
 * {@link KnowledgeSourceRoutes},
 * {@link TicketRoutes}) and the tenant's own tools ({@link TenantToolRoutes}).
 */
public final class ToolRoutes extends AllDirectives {
  private final KnowledgeBaseRoutes knowledgeBase;
  private final TicketRoutes tickets;
  private final TenantToolRoutes own;
  private final KnowledgeSourceRoutes sources;
  private final KnowledgeFileRoutes files;

  /**
   * @param profiles the agents' display names, which sign their ticket replies
   * @param blocking where the store calls run (JDBC, embeddings): the blocking dispatcher, not the HTTP one
   * @param cpu where a document is chunked and embedded, the tenant's CPU-bound work
   * @param files files uploaded to the knowledge base, read on their own pool
   * @param tenantLanguages a tenant's language, from its bot configuration; called on {@code blocking}
   */
  public ToolRoutes(BuiltInTools tools, TicketReplyDelivery ticketReplies, JdbcAgentProfiles profiles, ObjectMapper json,
      Callers callers, Executor blocking, CpuWork cpu, TenantToolRoutes own, Function<String, Optional<LanguageTag>> tenantLanguages,
      KnowledgeSources sources, SourceSettings sourceSettings, FileImport files) {
    StoreCalls calls = new StoreCalls(json, blocking);
    this.knowledgeBase = new KnowledgeBaseRoutes(tools.knowledgeBase(), callers, calls, cpu, tenantLanguages);
    this.tickets = new TicketRoutes(tools.tickets(), ticketReplies, profiles, callers, calls);
    this.own = own;
    this.sources = new KnowledgeSourceRoutes(sources, tools.knowledgeBase(), sourceSettings, callers, calls);
    this.files = new KnowledgeFileRoutes(sources, files.bounds(), callers, calls);
  }

  public Route route() {
    return concat(knowledgeBase.route(), sources.route(), files.route(), tickets.route(), own.route());
  }

  public KnowledgeBaseRoutes knowledgeBase() {
    return knowledgeBase;
  }
}
