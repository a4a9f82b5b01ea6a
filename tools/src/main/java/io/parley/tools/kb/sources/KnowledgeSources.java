package io.parley.tools.kb.sources;

import io.parley.core.compute.CpuWork;
import io.parley.core.lease.LeasedWork;
import io.parley.core.net.OutboundHttp;
import io.parley.core.session.SessionId;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.files.FileImport;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's knowledge sources, kept current: websites and help-centre exports whose pages the
 * knowledge base holds as documents, synced on a schedule and on demand, and files uploaded to a
 * files source, synced as they are uploaded ({@link FileSourceUpload}) (docs/knowledge-sources.md).
 *
 * <p><b>One sync per source in the cluster.</b> Every node looks for due sources every {@code
 * pollEvery} and claims one by a conditional update of its row (a lease in the database, see
 * {@link SourceStore#claim}); the node that wins syncs it on a virtual thread of its own,
 * renewing the lease with every page. A node that stops mid-sync leaves the run open and the lease
 * to lapse; the first node to claim it then resumes the run ({@link SourceSync}). No actor and no
 * cluster singleton: the database the knowledge base lives in is the one place every node agrees on.
 *
 * <p>Thread-safe. Its reads and writes block on JDBC: call them off actor and HTTP threads.
 */
public final class KnowledgeSources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KnowledgeSources.class);
  private static final int CLAIMS_PER_POLL = 20;

  private final SourceStore store;
  private final KnowledgeBase knowledgeBase;
  private final SourceSettings settings;
  private final SourceTenants tenants;
  private final Clock clock;
  private final SourceSync sync;
  private final FileSourceUpload uploads;
  private final String owner = UUID.randomUUID().toString();
  /** The syncs this node runs. */
  private final LeasedWork<SourceStore.Claim> syncing;

  /** What an upload did: the files source it went to, and each of its files. */
  public record Upload(String sourceId, List<FileImport.Imported> files) {}

  /** The name of the files source uploads go to when they name none, made on the first such upload. */
  public static final String UPLOADS = "Uploaded files";

  /** @param files reads and stores the files uploaded to a files source, on its own pool */
  public KnowledgeSources(DataSource dataSource, KnowledgeBase knowledgeBase, OutboundHttp http, CpuWork cpu,
      SourceSettings settings, Clock clock, SourceTenants tenants, SourceMetrics metrics, FileImport files) {
    this.store = new SourceStore(dataSource);
    this.knowledgeBase = knowledgeBase;
    this.settings = settings;
    this.clock = clock;
    this.sync = new SourceSync(store, knowledgeBase,
        new PageFetcher(http, new HostPacing(settings.hostInterval(), System::nanoTime), settings.fetchTimeout()),
        cpu, settings, clock, tenants, owner, metrics);
    this.tenants = tenants;
    this.uploads = new FileSourceUpload(store, knowledgeBase, files, settings, tenants, clock, owner, metrics);
    this.syncing = new LeasedWork<>(new LeasedWork.Schedule("knowledge sources due a sync", "parley-kb-sources",
        "parley-kb-sync-", settings.pollEvery(), settings.lease(), CLAIMS_PER_POLL, settings.fetchTimeout()),
        store::claimable, (candidate, now, until) -> store.claim(candidate.tenant(), candidate.id(), owner, now, until),
        clock, this::runSync);
  }

  /** Starts looking for due sources, now and every {@code pollEvery}. */
  public KnowledgeSources start() {
    syncing.start();
    return this;
  }

  /**
   * Adds a source, due at once.
   *
   * @throws IllegalArgumentException when the tenant has its limit of sources, or asks for more pages
   *     or more frequent syncs than the node allows
   */
  public KnowledgeSource add(String tenant, SourceDefinition definition) {
    SessionId.requireTenant(tenant);
    SourceSettings bounds = bounds(tenant);
    if (definition.pageLimit() > bounds.maxPagesPerSource()) {
      throw new IllegalArgumentException("pageLimit is " + definition.pageLimit() + "; the limit is "
          + bounds.maxPagesPerSource());
    }
    if (definition.kind() != SourceKind.FILES && definition.syncEvery().compareTo(settings.minSyncEvery()) < 0) {
      throw new IllegalArgumentException("syncEvery is " + definition.syncEvery() + "; the shortest this server allows is "
          + settings.minSyncEvery());
    }
    if (store.count(tenant) >= bounds.maxSourcesPerTenant()) {
      throw new IllegalArgumentException("the tenant has its limit of " + bounds.maxSourcesPerTenant() + " sources");
    }
    Instant now = clock.instant();
    KnowledgeSource source = new KnowledgeSource(tenant, UUID.randomUUID().toString(), definition, now, now,
        Optional.empty(), Optional.empty(), 0, false, SourceCounters.NONE, Optional.empty());
    store.add(source);
    syncing.wake();
    return store.find(tenant, source.id()).orElseThrow();
  }

  /** The node's bounds within {@code tenant}'s own limits (its bot configuration's {@code limits}). */
  public SourceSettings bounds(String tenant) {
    return tenants.bounds(tenant, settings);
  }

  public List<KnowledgeSource> list(String tenant) {
    SessionId.requireTenant(tenant);
    return store.list(tenant);
  }

  public Optional<KnowledgeSource> find(String tenant, String id) {
    SessionId.requireTenant(tenant);
    return store.find(tenant, id);
  }

  /** The source's pages and what became of each; empty when the tenant has no such source. */
  public Optional<List<SourcePage>> pages(String tenant, String id) {
    return find(tenant, id).map(source -> store.pages(tenant, id));
  }

  /**
   * Stores an upload ({@code content}: a file, or a zip of files, named {@code name}) in the files
   * source {@code sourceId}, or, when it names none, in the tenant's first files source, made as
   * {@value #UPLOADS} when it has none.
   *
   * @return empty when the tenant has no source {@code sourceId}
   * @throws IllegalArgumentException when the source is not a files source, or the upload is refused as a whole
   * @throws IllegalStateException when another upload to the source is under way
   */
  public Optional<Upload> upload(String tenant, Optional<String> sourceId, String name, byte[] content) {
    SessionId.requireTenant(tenant);
    Optional<KnowledgeSource> source = sourceId.isPresent() ? find(tenant, sourceId.get())
        : Optional.of(list(tenant).stream().filter(KnowledgeSources::holdsFiles).findFirst()
            .orElseGet(() -> add(tenant, SourceDefinition.files(UPLOADS, bounds(tenant).maxPagesPerSource()))));
    if (source.isPresent() && !holdsFiles(source.get())) {
      throw new IllegalArgumentException("files are uploaded to a files source; source " + source.get().id() + " is a "
          + source.get().definition().kind().wireName() + " source");
    }
    return source.map(files -> new Upload(files.id(), uploads.upload(files, name, content)));
  }

  private static boolean holdsFiles(KnowledgeSource source) {
    return source.definition().kind() == SourceKind.FILES;
  }

  /**
   * Makes the source due now: a node claims it at once, unless one is syncing it. @return whether the tenant has it
   *
   * @throws IllegalArgumentException for a files source, which syncs as files are uploaded to it
   */
  public boolean syncNow(String tenant, String id) {
    SessionId.requireTenant(tenant);
    if (find(tenant, id).filter(KnowledgeSources::holdsFiles).isPresent()) {
      throw new IllegalArgumentException("a files source syncs when files are uploaded to it (POST /v1/kb/files?source=" + id + ")");
    }
    if (!store.due(tenant, id, clock.instant())) return false;
    syncing.wake();
    return true;
  }

  /**
   * Removes a source and its documents from the knowledge base (their versions kept). A sync of it
   * under way on this node is stopped first.
   *
   * @return whether the tenant had it
   */
  public boolean delete(String tenant, String id) {
    SessionId.requireTenant(tenant);
    try {
      // Its page in hand is stored before it stops: retired below with the others, not left behind.
      syncing.stop(tenant, id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the source's sync", e);
    }
    Optional<List<SourcePage>> pages = pages(tenant, id);
    if (pages.isEmpty()) return false;
    for (SourcePage page : pages.get()) if (page.searchable()) knowledgeBase.retire(tenant, page.documentId());
    return store.delete(tenant, id);
  }

  private void runSync(SourceStore.Claim claim) {
    try {
      Optional<KnowledgeSource> source = store.find(claim.tenant(), claim.id());
      if (source.isPresent()) {
        log.info("Syncing knowledge source {} of tenant {} (run {}{})", claim.id(), claim.tenant(), claim.run(),
            claim.resumed() ? ", resumed" : "");
        sync.run(source.get(), claim);
      }
    } catch (InterruptedException e) {
      log.info("The sync of knowledge source {} of tenant {} stopped with the node; it resumes on the next claim",
          claim.id(), claim.tenant());
    } catch (SourceSync.LeaseLost e) {
      log.warn("Knowledge source {} of tenant {}: {}", claim.id(), claim.tenant(), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("The sync of knowledge source {} of tenant {} failed; another claim resumes it once its lease lapses",
          claim.id(), claim.tenant(), e);
    }
  }

  /** Stops polling and the syncs under way, which stay open for a node to resume. */
  @Override
  public void close() {
    syncing.close();
  }
}
