package io.parley.tools;

import io.parley.core.language.LanguageDetection;
import io.parley.core.memory.EmbeddingModel;
import io.parley.persistence.onnx.OnnxRuntimeClosedException;
import io.parley.tools.kb.KbSearchTool;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.SampleKnowledgeBase;
import io.parley.tools.tickets.CreateTicketTool;
import io.parley.tools.tickets.FetchStatusTool;
import io.parley.tools.tickets.TicketStore;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's built-in tools and the stores behind them, on the node's database: the registry the
 * sessions offer the model ({@code kb_search}, {@code create_ticket}, {@code fetch_status}) and
 * the stores the REST API manages.
 */
public record BuiltInTools(KnowledgeBase knowledgeBase, TicketStore tickets, ToolRegistry registry) {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltInTools.class);

  /**
   * {@code dataSource} must have the schema of {@code Database.migrate()}; {@code languages} tells
   * the knowledge base the language of a document added without one.
   */
  public static BuiltInTools create(DataSource dataSource, EmbeddingModel embeddings, LanguageDetection languages) {
    KnowledgeBase knowledgeBase = new KnowledgeBase(dataSource, embeddings, languages);
    TicketStore tickets = new TicketStore(dataSource);
    ToolRegistry registry = ToolRegistry.of(
        new KbSearchTool(knowledgeBase), new CreateTicketTool(tickets), new FetchStatusTool(tickets));
    return new BuiltInTools(knowledgeBase, tickets, registry);
  }

  /**
   * {@link #create}, then the sample articles into the settings' tenant if its knowledge base is
   * empty, on {@code background}: embedding them waits for the model, which a starting node loads
   * meanwhile; the tenant's searches wait for them. Failing to load them is logged, not fatal: they
   * are a demo, not the node's purpose.
   */
  public static BuiltInTools start(DataSource dataSource, EmbeddingModel embeddings, LanguageDetection languages,
      ToolSettings settings, Executor background) {
    BuiltInTools tools = create(dataSource, embeddings, languages);
    settings.sampleKnowledgeBaseTenant().ifPresent(tenant -> tools.knowledgeBase().seedInBackground(tenant, () -> {
      try {
        int added = SampleKnowledgeBase.loadIfEmpty(tools.knowledgeBase(), tenant);
        if (added > 0) LOG.info("Loaded {} sample articles into the knowledge base of tenant {}", added, tenant);
      } catch (OnnxRuntimeClosedException stopping) {
        LOG.info("The sample articles were not loaded into the knowledge base of tenant {}: the process is stopping", tenant);
      } catch (RuntimeException e) {
        LOG.warn("Could not load the sample articles into the knowledge base of tenant {}", tenant, e);
      }
    }, background));
    return tools;
  }
}
