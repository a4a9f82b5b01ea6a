package io.parley.tools.kb.sources;

import io.parley.core.language.LanguageTag;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
import io.parley.tools.kb.files.FileImport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An upload to a files source, as one run of its sync: the files are read ({@link FileImport}),
 * each is a page of the source under its name (a zip's files under the zip's name, {@code !/} and
 * their path in it) and a document under an id fixed by source and name. A file whose text is the
 * one stored already is {@code unchanged} and not indexed again; a changed one is {@code updated},
 * a new version kept; one that cannot be read {@code failed}, saying why, its last good version
 * left searchable; and the files an earlier upload of the same name had that this one has not are
 * {@code retired}. A new file past the source's file limit or the tenant's documents (of all its
 * sources, {@link SourceStore#searchableDocuments}, within its {@code limits.knowledgeDocuments})
 * fails with that reason. The run holds the source's lease, so two uploads to one source are not
 * stored at once, and its progress is the files stored of those read, as a sync's.
 */
final class FileSourceUpload {
  private final SourceStore store;
  private final KnowledgeBase knowledgeBase;
  private final FileImport files;
  private final SourceSettings settings;
  private final SourceTenants tenants;
  private final Clock clock;
  private final String owner;
  private final SourceMetrics metrics;

  FileSourceUpload(SourceStore store, KnowledgeBase knowledgeBase, FileImport files, SourceSettings settings,
      SourceTenants tenants, Clock clock, String owner, SourceMetrics metrics) {
    this.store = store;
    this.knowledgeBase = knowledgeBase;
    this.files = files;
    this.settings = settings;
    this.tenants = tenants;
    this.clock = clock;
    this.owner = owner;
    this.metrics = metrics;
  }

  /**
   * Stores the upload {@code name} in {@code source}, a files source.
   *
   * @throws IllegalArgumentException when the upload is refused as a whole, saying why: nothing is stored
   * @throws IllegalStateException when another upload to the source is under way
   */
  List<FileImport.Imported> upload(KnowledgeSource source, String name, byte[] content) {
    SourceStore.Claim claim = store.open(source.tenant(), source.id(), owner, clock.instant(),
            clock.instant().plus(settings.lease()))
        .orElseThrow(() -> new IllegalStateException("files are being uploaded to this source; try again once they are stored"));
    Map<PageStatus, Integer> tally = new EnumMap<>(PageStatus.class);
    String outcome = "failed";
    boolean refused = false;
    try {
      List<FileImport.Read> read;
      try {
        read = files.read(source.tenant(), name, content);
      } catch (IllegalArgumentException refusal) {
        outcome = name + " refused, nothing stored: " + refusal.getMessage();
        refused = true;
        throw refusal;
      }
      Map<String, SourcePage> known = new HashMap<>();
      store.pages(source.tenant(), source.id()).forEach(page -> known.put(page.url(), page));
      Set<String> uploaded = read.stream().map(FileImport.Read::page).collect(Collectors.toSet());
      // The files an earlier upload of this name had and this one has not leave first, making room for the new ones.
      for (SourcePage page : List.copyOf(known.values())) {
        if (ofUpload(page.url(), FileImport.uploadName(name)) && !uploaded.contains(page.url())
            && page.status() != PageStatus.RETIRED) {
          if (page.searchable()) knowledgeBase.retire(source.tenant(), page.documentId());
          SourcePage retired = new SourcePage(page.url(), page.documentId(), PageStatus.RETIRED, Optional.empty(),
              page.title(), page.locale(), Optional.empty(), Optional.empty(), Optional.empty(), page.contentHash(), false,
              claim.run(), clock.instant(), List.of());
          store.save(source.tenant(), source.id(), retired);
          known.put(page.url(), retired);
          tally.merge(PageStatus.RETIRED, 1, Integer::sum);
        }
      }
      store.plan(claim, read.size() + tally.getOrDefault(PageStatus.RETIRED, 0));
      List<FileImport.Imported> imported = new ArrayList<>();
      for (FileImport.Read file : read) {
        if (!store.renew(claim, owner, clock.instant().plus(settings.lease()))) throw new SourceSync.LeaseLost();
        long held = known.values().stream().filter(SourcePage::searchable).count();
        SourcePage page = stored(source, claim, file, known.get(file.page()), held);
        store.save(source.tenant(), source.id(), page);
        known.put(page.url(), page);
        tally.merge(page.status(), 1, Integer::sum);
        metrics.progressed(source);
        imported.add(new FileImport.Imported(file.path(), page.documentId(), page.status().wireName(), page.reason(),
            page.title()));
      }
      outcome = name + ": " + (tally.isEmpty() ? "no files" : tally.entrySet().stream()
          .map(entry -> entry.getValue() + " " + entry.getKey().wireName()).collect(Collectors.joining(", ")));
      return imported;
    } finally {
      // Counted as a sync's fetches: the files read and stored or found the same, those that failed, the upload's bytes.
      int failed = tally.getOrDefault(PageStatus.FAILED, 0);
      int read = tally.entrySet().stream().filter(entry -> entry.getKey() != PageStatus.RETIRED)
          .mapToInt(Map.Entry::getValue).sum();
      SourceCounters counters = new SourceCounters(read - failed, 0, failed, content.length);
      store.finish(claim, owner, outcome, clock.instant(), counters);
      metrics.count(source, counters);
      metrics.synced(source, refused);
    }
  }

  /** Whether the page at {@code url} came from the upload named {@code upload}: the file itself, or one of its zip's. */
  private static boolean ofUpload(String url, String upload) {
    return url.equals(upload) || url.startsWith(upload + "!/");
  }

  /** The file's page once its document is stored, found the same as stored, or failed. */
  private SourcePage stored(KnowledgeSource source, SourceStore.Claim claim, FileImport.Read file, SourcePage prior,
      long heldInSource) {
    String id = SourceSync.documentId(source, file.page());
    if (file.document().isEmpty()) return failed(claim, file.page(), id, prior, file.reason().orElse("could not be read"), "");
    NewDocument document = file.document().get();
    String hash = document.contentHash();
    boolean same = prior != null && prior.searchable() && prior.contentHash().equals(Optional.of(hash));
    if (!same) {
      boolean adding = prior == null || !prior.searchable();
      int maxDocuments = tenants.bounds(source.tenant(), settings).maxDocumentsPerTenant();
      if (adding && store.searchableDocuments(source.tenant()) >= maxDocuments) {
        return failed(claim, file.page(), id, prior, "the tenant's sources hold their limit of " + maxDocuments + " documents",
            document.title());
      }
      int fileLimit = source.definition().pageLimit();
      if (adding && heldInSource >= fileLimit) {
        return failed(claim, file.page(), id, prior, "the source holds its limit of " + fileLimit + " files", document.title());
      }
      try {
        files.store(source.tenant(), id, document, tenants.language(source.tenant()));
      } catch (IllegalArgumentException e) {
        return failed(claim, file.page(), id, prior, file.path() + " " + e.getMessage(), document.title());
      }
    }
    PageStatus status = same ? PageStatus.UNCHANGED
        : prior == null || prior.contentHash().isEmpty() ? PageStatus.IMPORTED : PageStatus.UPDATED;
    return new SourcePage(file.page(), id, status, Optional.empty(), document.title(),
        document.language().map(LanguageTag::tag), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(hash),
        true, claim.run(), same && prior.status() == PageStatus.UNCHANGED ? prior.changedAt() : clock.instant(), List.of());
  }

  /** A file that failed keeps its document, if it had one: the last good version stays searchable. */
  private SourcePage failed(SourceStore.Claim claim, String page, String id, SourcePage prior, String reason, String title) {
    return new SourcePage(page, id, PageStatus.FAILED, Optional.of(reason), prior == null ? title : prior.title(),
        prior == null ? Optional.empty() : prior.locale(), Optional.empty(), Optional.empty(), Optional.empty(),
        prior == null ? Optional.empty() : prior.contentHash(), prior != null && prior.searchable(), claim.run(),
        clock.instant(), List.of());
  }
}
