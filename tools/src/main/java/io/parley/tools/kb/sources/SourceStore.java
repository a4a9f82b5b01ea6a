package io.parley.tools.kb.sources;

import io.parley.core.WireName;
import io.parley.core.lease.Leased;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Knowledge sources and their pages in the database (tables {@code kb_source}, {@code
 * kb_source_page}, migration V41), and the lease that makes one node a source's syncer at a time.
 * Every statement is keyed by tenant. Timestamps are the caller's, so one clock decides a lease.
 */
final class SourceStore {
  /** A node's hold on a source: the sync {@code run} it is to do, resumed when {@code resumed}. */
  record Claim(String tenant, String id, long run, boolean resumed) implements Leased {}

  /** A source's row with the pages its open run has dealt with: its progress. */
  private static final String SOURCES = "SELECT s.*, (SELECT COUNT(*) FROM kb_source_page p WHERE p.tenant = s.tenant"
      + " AND p.source_id = s.id AND p.seen_run = s.run) AS run_seen FROM kb_source s";

  private final DataSource dataSource;

  SourceStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void add(KnowledgeSource source) {
    SourceDefinition definition = source.definition();
    Transactions.write(dataSource, "add a knowledge source of tenant " + source.tenant(), connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_source (tenant, id, name, kind, url,"
          + " sitemap, include_paths, exclude_paths, page_limit, sync_every_seconds, created_at, next_sync_at, run,"
          + " run_done, fetched, not_modified, failed, fetched_bytes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, TRUE, 0, 0, 0, 0)")) {
        StatementParameters.bind(insert, source.tenant(), source.id(), definition.name(), definition.kind().wireName(),
            definition.url().map(URI::toString).orElse(null), definition.sitemap(), String.join("\n", definition.include()),
            String.join("\n", definition.exclude()), definition.pageLimit(), definition.syncEvery().toSeconds(),
            Transactions.timestamp(source.createdAt()), Transactions.timestamp(source.nextSyncAt()));
        return insert.executeUpdate();
      }
    });
  }

  Optional<KnowledgeSource> find(String tenant, String id) {
    return Transactions.read(dataSource, "read a knowledge source of tenant " + tenant,
        connection -> Transactions.first(connection, SOURCES + " WHERE tenant = ? AND id = ?",
            SourceStore::source, tenant, id));
  }

  List<KnowledgeSource> list(String tenant) {
    return Transactions.read(dataSource, "list the knowledge sources of tenant " + tenant,
        connection -> Transactions.list(connection, SOURCES + " WHERE tenant = ? ORDER BY created_at, id",
            SourceStore::source, tenant));
  }

  int count(String tenant) {
    return Transactions.read(dataSource, "count the knowledge sources of tenant " + tenant,
        connection -> Transactions.first(connection, "SELECT COUNT(*) FROM kb_source WHERE tenant = ?",
            rows -> rows.getInt(1), tenant).orElse(0));
  }

  /** The source's pages are deleted with it; their documents are the caller's to retire first. */
  boolean delete(String tenant, String id) {
    return Transactions.write(dataSource, "delete a knowledge source of tenant " + tenant, connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM kb_source WHERE tenant = ? AND id = ?")) {
        return StatementParameters.bind(delete, tenant, id).executeUpdate() > 0;
      }
    });
  }

  /** Makes the source due now. @return whether the tenant has it */
  boolean due(String tenant, String id, Instant now) {
    return Transactions.write(dataSource, "ask for a sync of a knowledge source of tenant " + tenant, connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE kb_source SET next_sync_at = ? WHERE tenant = ? AND id = ?")) {
        return StatementParameters.bind(update, Transactions.timestamp(now), tenant, id).executeUpdate() > 0;
      }
    });
  }

  /**
   * Sources whose sync is due, or was cut short and whose lease has lapsed: the ones a node may
   * claim. Files sources are not: they sync as files are uploaded to them ({@link #open}).
   */
  List<Claim> claimable(Instant now, int limit) {
    return Transactions.read(dataSource, "find the knowledge sources due a sync", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT tenant, id, run, run_done FROM kb_source"
          + " WHERE (next_sync_at <= ? OR run_done = FALSE) AND (lease_until IS NULL OR lease_until < ?)"
          + " AND kind <> 'files' ORDER BY next_sync_at")) {
        select.setMaxRows(limit);
        StatementParameters.bind(select, Transactions.timestamp(now), Transactions.timestamp(now));
        return Transactions.list(select, rows -> new Claim(rows.getString("tenant"), rows.getString("id"),
            rows.getLong("run"), !rows.getBoolean("run_done")));
      }
    });
  }

  /**
   * Takes the source's lease for {@code owner} until {@code until} when no other node holds it: one
   * conditional update, so of two nodes racing for it one wins. A source whose last run finished
   * starts the next; one cut short resumes its run.
   */
  Optional<Claim> claim(String tenant, String id, String owner, Instant now, Instant until) {
    return Transactions.write(dataSource, "claim a knowledge source of tenant " + tenant, connection -> {
      Optional<Boolean> wasDone = Transactions.first(connection, "SELECT run_done FROM kb_source WHERE tenant = ?"
          + " AND id = ?", rows -> rows.getBoolean(1), tenant, id);
      if (wasDone.isEmpty()) return Optional.<Claim>empty();
      try (PreparedStatement update = connection.prepareStatement("UPDATE kb_source SET lease_owner = ?, lease_until = ?,"
          + " run_pages = CASE WHEN run_done THEN NULL ELSE run_pages END,"
          + " run = CASE WHEN run_done THEN run + 1 ELSE run END, run_done = FALSE"
          + " WHERE tenant = ? AND id = ? AND (next_sync_at <= ? OR run_done = FALSE)"
          + " AND (lease_until IS NULL OR lease_until < ?)")) {
        StatementParameters.bind(update, owner, Transactions.timestamp(until), tenant, id, Transactions.timestamp(now),
            Transactions.timestamp(now));
        if (update.executeUpdate() == 0) return Optional.<Claim>empty();
      }
      return Transactions.first(connection, "SELECT run FROM kb_source WHERE tenant = ? AND id = ?",
          rows -> new Claim(tenant, id, rows.getLong("run"), !wasDone.get()), tenant, id);
    });
  }

  /**
   * Opens a new run of a files source for an upload, its lease taken for {@code owner} until {@code
   * until}, when no other upload holds it: a run an upload cut short is not resumed, the next
   * upload starts its own.
   */
  Optional<Claim> open(String tenant, String id, String owner, Instant now, Instant until) {
    return Transactions.write(dataSource, "open an upload to a knowledge source of tenant " + tenant, connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE kb_source SET lease_owner = ?, lease_until = ?,"
          + " run_pages = NULL, run = run + 1, run_done = FALSE WHERE tenant = ? AND id = ? AND kind = 'files'"
          + " AND (lease_until IS NULL OR lease_until < ?)")) {
        StatementParameters.bind(update, owner, Transactions.timestamp(until), tenant, id, Transactions.timestamp(now));
        if (update.executeUpdate() == 0) return Optional.<Claim>empty();
      }
      return Transactions.first(connection, "SELECT run FROM kb_source WHERE tenant = ? AND id = ?",
          rows -> new Claim(tenant, id, rows.getLong("run"), false), tenant, id);
    });
  }

  /** Holds the lease longer. @return false when another node has taken it: this one stops */
  boolean renew(Claim claim, String owner, Instant until) {
    return Transactions.write(dataSource, "renew the lease of a knowledge source", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE kb_source SET lease_until = ?"
          + " WHERE tenant = ? AND id = ? AND lease_owner = ? AND run = ?")) {
        return StatementParameters.bind(update, Transactions.timestamp(until), claim.tenant(), claim.id(), owner,
            claim.run()).executeUpdate() > 0;
      }
    });
  }

  /** Records how many pages the run is to deal with, as it has listed them so far. */
  void plan(Claim claim, int pages) {
    Transactions.write(dataSource, "record the pages of a knowledge source's sync", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE kb_source SET run_pages = ?"
          + " WHERE tenant = ? AND id = ? AND run = ?")) {
        return StatementParameters.bind(update, pages, claim.tenant(), claim.id(), claim.run()).executeUpdate();
      }
    });
  }

  /** Ends the run, its lease given back, the next sync set {@code syncEvery} from now. */
  void finish(Claim claim, String owner, String outcome, Instant now, SourceCounters counters) {
    Transactions.write(dataSource, "finish the sync of a knowledge source", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE kb_source SET run_done = TRUE,"
          + " lease_owner = NULL, lease_until = NULL, last_sync_at = ?, last_outcome = ?,"
          + " fetched = fetched + ?, not_modified = not_modified + ?, failed = failed + ?,"
          + " fetched_bytes = fetched_bytes + ?, next_sync_at = ? WHERE tenant = ? AND id = ? AND lease_owner = ?"
          + " AND run = ?")) {
        Duration every = Transactions.first(connection, "SELECT sync_every_seconds FROM kb_source WHERE tenant = ?"
            + " AND id = ?", rows -> Duration.ofSeconds(rows.getLong(1)), claim.tenant(), claim.id()).orElse(Duration.ZERO);
        return StatementParameters.bind(update, Transactions.timestamp(now), truncated(outcome, 1000),
            counters.fetched(), counters.notModified(), counters.failed(), counters.fetchedBytes(),
            Transactions.timestamp(now.plus(every)), claim.tenant(), claim.id(), owner, claim.run()).executeUpdate();
      }
    });
  }

  /** Adds to the source's counters as pages are fetched, so a sync cut short still counts what it asked. */
  void count(Claim claim, SourceCounters counters) {
    Transactions.write(dataSource, "count the fetches of a knowledge source", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE kb_source SET fetched = fetched + ?,"
          + " not_modified = not_modified + ?, failed = failed + ?, fetched_bytes = fetched_bytes + ?"
          + " WHERE tenant = ? AND id = ?")) {
        return StatementParameters.bind(update, counters.fetched(), counters.notModified(), counters.failed(),
            counters.fetchedBytes(), claim.tenant(), claim.id()).executeUpdate();
      }
    });
  }

  List<SourcePage> pages(String tenant, String sourceId) {
    return Transactions.read(dataSource, "list the pages of a knowledge source of tenant " + tenant,
        connection -> Transactions.list(connection, "SELECT * FROM kb_source_page WHERE tenant = ? AND source_id = ?"
            + " ORDER BY url", SourceStore::page, tenant, sourceId));
  }

  /** The tenant's documents that came from sources, across them all: what its bound counts. */
  int searchableDocuments(String tenant) {
    return Transactions.read(dataSource, "count the source documents of tenant " + tenant,
        connection -> Transactions.first(connection, "SELECT COUNT(*) FROM kb_source_page WHERE tenant = ?"
            + " AND has_document = TRUE", rows -> rows.getInt(1), tenant).orElse(0));
  }

  /** Writes a page's row, keyed by source and URL: the same page saved twice is one row. */
  void save(String tenant, String sourceId, SourcePage page) {
    Transactions.write(dataSource, "save a page of a knowledge source of tenant " + tenant, connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM kb_source_page WHERE tenant = ? AND source_id = ? AND url = ?")) {
        StatementParameters.bind(delete, tenant, sourceId, page.url()).executeUpdate();
      }
      return insert(connection, tenant, sourceId, page);
    });
  }

  private static int insert(Connection connection, String tenant, String sourceId, SourcePage page) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_source_page (tenant, source_id, url,"
        + " document_id, status, reason, title, locale, remote_updated_at, etag, last_modified, content_hash,"
        + " has_document, seen_run, changed_at, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
        // A NULL bound as text is taken by PostgreSQL as a timestamp only through a cast.
        + " CAST(? AS TIMESTAMP WITH TIME ZONE), ?, ?, ?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, sourceId, page.url(), page.documentId(), page.status().wireName(),
          page.reason().map(reason -> truncated(reason, 1000)).orElse(null), truncated(page.title(), 300),
          page.locale().orElse(null), page.remoteUpdatedAt().map(Transactions::timestamp).orElse(null),
          page.etag().map(etag -> truncated(etag, 500)).orElse(null),
          page.lastModified().map(value -> truncated(value, 100)).orElse(null), page.contentHash().orElse(null),
          page.searchable(), page.seenRun(), Transactions.timestamp(page.changedAt()),
          page.links().isEmpty() ? null : String.join("\n", page.links()));
      return insert.executeUpdate();
    }
  }

  private static String truncated(String text, int chars) {
    return text.length() <= chars ? text : text.substring(0, chars);
  }

  private static KnowledgeSource source(ResultSet rows) throws SQLException {
    SourceDefinition definition = new SourceDefinition(rows.getString("name"),
        WireName.find(SourceKind.values(), rows.getString("kind")).orElseThrow(),
        Optional.ofNullable(rows.getString("url")).map(URI::create), rows.getBoolean("sitemap"),
        lines(rows.getString("include_paths")), lines(rows.getString("exclude_paths")), rows.getInt("page_limit"),
        Duration.ofSeconds(rows.getLong("sync_every_seconds")));
    return new KnowledgeSource(rows.getString("tenant"), rows.getString("id"), definition,
        Transactions.instant(rows, "created_at"), Transactions.instant(rows, "next_sync_at"),
        optionalInstant(rows, "last_sync_at"), Optional.ofNullable(rows.getString("last_outcome")), rows.getLong("run"),
        !rows.getBoolean("run_done"), new SourceCounters(rows.getLong("fetched"), rows.getLong("not_modified"),
            rows.getLong("failed"), rows.getLong("fetched_bytes")), progress(rows));
  }

  private static Optional<SyncProgress> progress(ResultSet rows) throws SQLException {
    if (rows.getBoolean("run_done") || rows.getObject("run_pages") == null) return Optional.empty();
    return Optional.of(new SyncProgress(rows.getInt("run_seen"), rows.getInt("run_pages")));
  }

  private static SourcePage page(ResultSet rows) throws SQLException {
    return new SourcePage(rows.getString("url"), rows.getString("document_id"),
        WireName.find(PageStatus.values(), rows.getString("status")).orElseThrow(),
        Optional.ofNullable(rows.getString("reason")), Optional.ofNullable(rows.getString("title")).orElse(""),
        Optional.ofNullable(rows.getString("locale")), optionalInstant(rows, "remote_updated_at"),
        Optional.ofNullable(rows.getString("etag")), Optional.ofNullable(rows.getString("last_modified")),
        Optional.ofNullable(rows.getString("content_hash")), rows.getBoolean("has_document"), rows.getLong("seen_run"),
        Transactions.instant(rows, "changed_at"), lines(rows.getString("links")));
  }

  private static Optional<Instant> optionalInstant(ResultSet rows, String column) throws SQLException {
    return rows.getObject(column) == null ? Optional.empty() : Optional.of(Transactions.instant(rows, column));
  }

  private static List<String> lines(String text) {
    return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
  }
}
