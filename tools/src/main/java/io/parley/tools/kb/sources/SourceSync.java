package io.parley.tools.kb.sources;

import io.parley.core.citation.WebLink;
import io.parley.core.compute.CpuWork;
import io.parley.core.language.LanguageTag;
import io.parley.tools.kb.DocumentFormat;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One run of one source's sync, on the node that holds its lease. It lists the source's pages (a
 * sitemap's, a crawl's from the start page, an export's articles), deals with each in turn, and at
 * the end retires the pages it did not see. Each page's row is written as soon as it is dealt with,
 * marked with the run; a run resumed after its node stopped skips the pages it marked, and stores
 * the others under their fixed document ids, so nothing is fetched twice or stored twice. A run
 * that cannot list the source (a sitemap or export that fails) changes nothing: every page keeps
 * its last good version. Parsing and indexing run on the node's CPU pool, in the tenant's turn.
 */
final class SourceSync {
  /** The lease was lost (another node took the source): this run stops where it is. */
  static final class LeaseLost extends RuntimeException {
    LeaseLost() {
      super("the source's lease passed to another node", null, false, false);
    }
  }

  private final SourceStore store;
  private final KnowledgeBase knowledgeBase;
  private final PageFetcher fetcher;
  private final CpuWork cpu;
  private final SourceSettings settings;
  private final Clock clock;
  private final SourceTenants tenants;
  private final String owner;
  private final SourceMetrics metrics;

  SourceSync(SourceStore store, KnowledgeBase knowledgeBase, PageFetcher fetcher, CpuWork cpu, SourceSettings settings,
      Clock clock, SourceTenants tenants, String owner, SourceMetrics metrics) {
    this.store = store;
    this.knowledgeBase = knowledgeBase;
    this.fetcher = fetcher;
    this.cpu = cpu;
    this.settings = settings;
    this.clock = clock;
    this.tenants = tenants;
    this.owner = owner;
    this.metrics = metrics;
  }

  /** The run's state: its claim, the pages as they stood, what it did. */
  private final class Run {
    final KnowledgeSource source;
    final SourceStore.Claim claim;
    final Map<String, SourcePage> known = new HashMap<>();
    final Map<PageStatus, Integer> tally = new EnumMap<>(PageStatus.class);
    SourceCounters counters = SourceCounters.NONE;
    long bytes;
    /** Pages the source has past its page limit, left out of this run; -1 when a crawl cannot tell how many. */
    int leftOut;

    Run(KnowledgeSource source, SourceStore.Claim claim) {
      this.source = source;
      this.claim = claim;
      store.pages(source.tenant(), source.id()).forEach(page -> known.put(page.url(), page));
    }

    String tenant() {
      return source.tenant();
    }

    void count(SourceCounters more) {
      counters = counters.plus(more);
      metrics.count(source, more);
    }

    void save(SourcePage page) {
      store.save(tenant(), source.id(), page);
      known.put(page.url(), page);
      tally.merge(page.status(), 1, Integer::sum);
      metrics.progressed(source);
    }

    /** The pages this run is to deal with, as far as it has listed them: its progress's total. */
    void plan(int pages) {
      store.plan(claim, pages);
      metrics.progressed(source);
    }

    void renew() {
      if (!store.renew(claim, owner, clock.instant().plus(settings.lease()))) throw new LeaseLost();
    }
  }

  /**
   * Runs the claimed sync to its end, and records it on the source.
   *
   * @throws InterruptedException when the node stops during it: the run stays open, to be resumed, and
   *     nothing more is written (the thread's database connection may be closed by the interrupt)
   */
  void run(KnowledgeSource source, SourceStore.Claim claim) throws InterruptedException {
    Run run = new Run(source, claim);
    String outcome;
    try {
      Optional<String> failure = switch (source.definition().kind()) {
        case WEBSITE -> source.definition().sitemap() ? sitemap(run) : crawl(run);
        case ZENDESK, INTERCOM -> export(run);
        // Never claimed (SourceStore.claimable): its files are stored as they are uploaded.
        case FILES -> Optional.of("a files source syncs when files are uploaded to it");
      };
      outcome = failure.map(reason -> "failed, every page left as it was: " + reason).orElseGet(() -> {
        retireUnseen(run);
        return summary(run);
      });
    } catch (LeaseLost e) {
      store.count(claim, run.counters);
      throw e;
    }
    store.finish(claim, owner, outcome, clock.instant(), run.counters);
    metrics.synced(source, outcome.startsWith("failed"));
  }

  private Optional<String> sitemap(Run run) throws InterruptedException {
    URI sitemapUrl = run.source.definition().address();
    RobotsRules robots = robots(run, sitemapUrl);
    List<String> pages = new ArrayList<>();
    ArrayDeque<String> sitemaps = new ArrayDeque<>(List.of(sitemapUrl.toString()));
    Set<String> read = new HashSet<>();
    while (!sitemaps.isEmpty() && read.size() < MAX_SITEMAPS) {
      String next = sitemaps.poll();
      if (!read.add(next) || !sameSite(sitemapUrl, next)) continue;
      Fetch fetch = fetcher.get(URI.create(next), Optional.empty(), Optional.empty(), Sitemap.MAX_BYTES);
      if (!(fetch instanceof Fetch.Fetched fetched)) {
        run.count(new SourceCounters(0, 0, 1, 0));
        return Optional.of("the sitemap " + next + " " + reason(fetch));
      }
      run.count(new SourceCounters(1, 0, 0, fetched.bytes()));
      Sitemap sitemap = cpu.run(run.tenant(), () -> Sitemap.parse(fetched.body()));
      pages.addAll(sitemap.pages());
      sitemaps.addAll(sitemap.sitemaps());
    }
    PathPatterns patterns = patterns(run);
    List<String> candidates = pages.stream().distinct()
        .filter(page -> fits(page) && sameSite(sitemapUrl, page) && admits(patterns, robots, URI.create(page))).toList();
    List<String> admitted = candidates.stream().limit(pageLimit(run)).toList();
    run.leftOut = candidates.size() - admitted.size();
    run.plan(admitted.size());
    for (String page : admitted) webPage(run, URI.create(page));
    return Optional.empty();
  }

  private Optional<String> crawl(Run run) throws InterruptedException {
    URI start = run.source.definition().address();
    RobotsRules robots = robots(run, start);
    PathPatterns patterns = patterns(run);
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(start.toString()));
    Set<String> queued = new HashSet<>(queue);
    int pages = 0;
    while (!queue.isEmpty() && pages < pageLimit(run)) {
      URI page = URI.create(queue.poll());
      if (!admits(patterns, robots, page)) continue;
      pages++;
      for (String link : webPage(run, page)) {
        if (fits(link) && queued.add(link)) queue.add(link);
      }
      run.plan(Math.min(pageLimit(run), pages + queue.size()));
    }
    if (!queue.isEmpty()) run.leftOut = -1;
    return Optional.empty();
  }

  private Optional<String> export(Run run) throws InterruptedException {
    URI url = run.source.definition().address();
    Fetch fetch = fetcher.get(url, Optional.empty(), Optional.empty(), HelpCenterExport.MAX_BYTES);
    if (!(fetch instanceof Fetch.Fetched fetched)) {
      run.count(new SourceCounters(0, 0, 1, 0));
      return Optional.of("the export " + reason(fetch));
    }
    run.count(new SourceCounters(1, 0, 0, fetched.bytes()));
    List<HelpCenterExport.Article> articles;
    try {
      articles = cpu.run(run.tenant(), () -> HelpCenterExport.parse(run.source.definition().kind(), fetched.body()));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    List<HelpCenterExport.Article> fitting = articles.stream().filter(article -> fits(article.url())).toList();
    List<HelpCenterExport.Article> listed = fitting.stream().limit(pageLimit(run)).toList();
    run.leftOut = fitting.size() - listed.size();
    run.plan(listed.size());
    for (HelpCenterExport.Article article : listed) {
      stopIfInterrupted();
      SourcePage prior = run.known.get(article.url());
      if (prior != null && prior.seenRun() == run.claim.run()) continue;
      run.renew();
      NewDocument document;
      try {
        document = new NewDocument(NewDocument.fittingTitle(article.title()), article.body(), DocumentFormat.HTML, article.url(),
            article.locale().flatMap(LanguageTag::parse), linkable(article.url()));
      } catch (IllegalArgumentException e) {
        run.save(failed(run, article.url(), prior, e.getMessage(), Optional.empty(), Optional.empty()));
        continue;
      }
      SourcePage page = stored(run, article.url(), prior, document, Optional.empty(), Optional.empty(), List.of());
      run.save(new SourcePage(page.url(), page.documentId(), page.status(), page.reason(), page.title(),
          article.locale(), article.updatedAt(), page.etag(), page.lastModified(), page.contentHash(), page.searchable(),
          page.seenRun(), page.changedAt(), page.links()));
    }
    return Optional.empty();
  }

  /** Deals with one page of a website. @return the pages of its site it links to */
  private List<String> webPage(Run run, URI url) throws InterruptedException {
    stopIfInterrupted();
    String key = url.toString();
    SourcePage prior = run.known.get(key);
    if (prior != null && prior.seenRun() == run.claim.run()) return prior.links();
    run.renew();
    if (run.bytes >= settings.maxBytesPerSync()) {
      run.save(failed(run, key, prior, "this sync has read its limit of " + settings.maxBytesPerSync()
          + " bytes; the page is read by the next", prior == null ? Optional.empty() : prior.etag(),
          prior == null ? Optional.empty() : prior.lastModified()));
      return prior == null ? List.of() : prior.links();
    }
    boolean conditional = prior != null && prior.searchable();
    Fetch fetch = fetcher.get(url, conditional ? prior.etag() : Optional.empty(),
        conditional ? prior.lastModified() : Optional.empty(), settings.maxPageBytes());
    stopIfInterrupted();
    switch (fetch) {
      case Fetch.NotModified notModified -> {
        run.count(new SourceCounters(0, 1, 0, 0));
        run.save(withStatus(run, prior, PageStatus.UNCHANGED));
        return prior.links();
      }
      case Fetch.Gone gone -> {
        run.count(new SourceCounters(1, 0, 0, 0));
        if (prior != null && prior.searchable()) run.save(retired(run, prior));
        else run.save(failed(run, key, prior, "answered " + gone.status(), Optional.empty(), Optional.empty()));
        return List.of();
      }
      case Fetch.Failed failure -> {
        run.count(new SourceCounters(0, 0, 1, 0));
        run.save(failed(run, key, prior, failure.reason(), prior == null ? Optional.empty() : prior.etag(),
            prior == null ? Optional.empty() : prior.lastModified()));
        return prior == null ? List.of() : prior.links();
      }
      case Fetch.Fetched fetched -> {
        run.count(new SourceCounters(1, 0, 0, fetched.bytes()));
        run.bytes += fetched.bytes();
        return fetchedPage(run, url, prior, fetched);
      }
    }
  }

  private List<String> fetchedPage(Run run, URI url, SourcePage prior, Fetch.Fetched fetched) {
    String key = url.toString();
    String type = fetched.contentType().orElse("text/html").toLowerCase(Locale.ROOT);
    NewDocument document;
    List<String> links = List.of();
    try {
      if (type.startsWith("text/html") || type.startsWith("application/xhtml")) {
        PageText text = cpu.run(run.tenant(), () -> PageText.of(fetched.body(), url));
        links = text.links();
        document = new NewDocument(NewDocument.fittingTitle(text.title()), text.html(), DocumentFormat.HTML, key,
            text.language().flatMap(LanguageTag::parse), linkable(key));
      } else if (type.startsWith("text/plain") || type.startsWith("text/markdown")) {
        document = new NewDocument(NewDocument.fittingTitle(url.getPath()), fetched.body(),
            type.startsWith("text/plain") ? DocumentFormat.TEXT : DocumentFormat.MARKDOWN, key, Optional.empty(), linkable(key));
      } else {
        run.save(failed(run, key, prior, "is " + type + ", not HTML, Markdown or text", fetched.etag(), fetched.lastModified()));
        return links;
      }
      run.save(stored(run, key, prior, document, fetched.etag(), fetched.lastModified(), links));
    } catch (IllegalArgumentException e) {
      run.save(failed(run, key, prior, e.getMessage(), fetched.etag(), fetched.lastModified()));
    }
    return links;
  }

  /** The page's row once its document is stored, or found to have the text stored already. */
  private SourcePage stored(Run run, String url, SourcePage prior, NewDocument document, Optional<String> etag,
      Optional<String> lastModified, List<String> links) {
    String hash = document.contentHash();
    boolean same = prior != null && prior.searchable() && prior.contentHash().equals(Optional.of(hash));
    if (!same) {
      int maxDocuments = tenants.bounds(run.tenant(), settings).maxDocumentsPerTenant();
      if ((prior == null || !prior.searchable()) && store.searchableDocuments(run.tenant()) >= maxDocuments) {
        return failed(run, url, prior, "the tenant's sources hold their limit of " + maxDocuments + " documents", etag,
            lastModified);
      }
      Optional<LanguageTag> tenantLanguage = tenants.language(run.tenant());
      cpu.run(run.tenant(), () -> knowledgeBase.put(run.tenant(), documentId(run.source, url), document, tenantLanguage));
    }
    PageStatus status = same ? PageStatus.UNCHANGED
        : prior == null || prior.contentHash().isEmpty() ? PageStatus.IMPORTED : PageStatus.UPDATED;
    return new SourcePage(url, documentId(run.source, url), status, Optional.empty(), document.title(),
        document.language().map(LanguageTag::tag), Optional.empty(), etag, lastModified, Optional.of(hash), true,
        run.claim.run(), same && prior.status() == PageStatus.UNCHANGED ? prior.changedAt() : clock.instant(), links);
  }

  private void retireUnseen(Run run) {
    for (SourcePage page : List.copyOf(run.known.values())) {
      if (page.seenRun() < run.claim.run() && page.status() != PageStatus.RETIRED) run.save(retired(run, page));
    }
  }

  private SourcePage retired(Run run, SourcePage page) {
    if (page.searchable()) knowledgeBase.retire(run.tenant(), page.documentId());
    return new SourcePage(page.url(), page.documentId(), PageStatus.RETIRED, Optional.empty(), page.title(),
        page.locale(), page.remoteUpdatedAt(), Optional.empty(), Optional.empty(), page.contentHash(), false,
        run.claim.run(), clock.instant(), List.of());
  }

  /** A failed page keeps its document, if it had one: the last good version stays searchable. */
  private SourcePage failed(Run run, String url, SourcePage prior, String reason, Optional<String> etag,
      Optional<String> lastModified) {
    boolean searchable = prior != null && prior.searchable();
    return new SourcePage(url, documentId(run.source, url), PageStatus.FAILED, Optional.of(reason),
        prior == null ? "" : prior.title(), prior == null ? Optional.empty() : prior.locale(),
        prior == null ? Optional.empty() : prior.remoteUpdatedAt(), searchable ? etag : Optional.empty(),
        searchable ? lastModified : Optional.empty(), prior == null ? Optional.empty() : prior.contentHash(),
        searchable, run.claim.run(), clock.instant(), prior == null ? List.of() : prior.links());
  }

  private SourcePage withStatus(Run run, SourcePage prior, PageStatus status) {
    return new SourcePage(prior.url(), prior.documentId(), status, Optional.empty(), prior.title(), prior.locale(),
        prior.remoteUpdatedAt(), prior.etag(), prior.lastModified(), prior.contentHash(), prior.searchable(),
        run.claim.run(), prior.status() == status ? prior.changedAt() : clock.instant(), prior.links());
  }

  /** A document's id from its source and URL: the same page is the same document, however often it is stored. */
  static String documentId(KnowledgeSource source, String url) {
    return UUID.nameUUIDFromBytes((source.tenant() + "\n" + source.id() + "\n" + url).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private RobotsRules robots(Run run, URI site) throws InterruptedException {
    URI robotsUrl = site.resolve("/robots.txt");
    Fetch fetch = fetcher.get(robotsUrl, Optional.empty(), Optional.empty(), RobotsRules.MAX_BYTES);
    return switch (fetch) {
      case Fetch.Fetched fetched -> {
        run.count(new SourceCounters(1, 0, 0, fetched.bytes()));
        yield cpu.run(run.tenant(), () -> RobotsRules.parse(fetched.body()));
      }
      // RFC 9309: a robots.txt that is not there allows everything; one that cannot be read, nothing.
      case Fetch.Gone gone -> RobotsRules.allowingAll();
      case Fetch.NotModified notModified -> RobotsRules.allowingAll();
      case Fetch.Failed failed -> failed.reason().startsWith("answered 4") ? RobotsRules.allowingAll()
          : RobotsRules.disallowingAll();
    };
  }

  private static PathPatterns patterns(Run run) {
    return new PathPatterns(run.source.definition().include(), run.source.definition().exclude());
  }

  private static boolean admits(PathPatterns patterns, RobotsRules robots, URI page) {
    return patterns.admits(page.getPath() == null ? "/" : page.getPath()) && robots.allows(pathOf(page));
  }

  private int pageLimit(Run run) {
    return Math.min(run.source.definition().pageLimit(), tenants.bounds(run.tenant(), settings).maxPagesPerSource());
  }

  private static String pathOf(URI page) {
    String path = page.getRawPath() == null || page.getRawPath().isEmpty() ? "/" : page.getRawPath();
    return page.getRawQuery() == null ? path : path + "?" + page.getRawQuery();
  }

  private static boolean sameSite(URI site, String page) {
    try {
      URI uri = URI.create(page);
      return site.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
          && site.getHost().equalsIgnoreCase(String.valueOf(uri.getHost())) && site.getPort() == uri.getPort();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether a page's URL fits its row; a longer one is left out rather than failing the sync at every try. */
  private static boolean fits(String url) {
    return url.length() <= SourceDefinition.MAX_URL_CHARS;
  }


  private static String reason(Fetch fetch) {
    return switch (fetch) {
      case Fetch.Failed failed -> failed.reason();
      case Fetch.Gone gone -> "answered " + gone.status();
      case Fetch.NotModified notModified -> "answered 304 to an unconditional request";
      case Fetch.Fetched fetched -> "was read";
    };
  }

  /** What the run did, and the page limit when it left pages out: a limit reached is said, not silent. */
  private String summary(Run run) {
    String done = run.tally.isEmpty() ? "no pages" : run.tally.entrySet().stream()
        .map(entry -> entry.getValue() + " " + entry.getKey().wireName()).collect(Collectors.joining(", "));
    if (run.leftOut == 0) return done;
    return done + "; the page limit of " + pageLimit(run) + " was reached, "
        + (run.leftOut > 0 ? run.leftOut + " more left out" : "the pages beyond it left out");
  }

  private static void stopIfInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) throw new InterruptedException("the node is stopping");
  }

  private static final int MAX_SITEMAPS = 50;

  /** A page's address as the link under the answers citing it, when it is one a reader may follow; else none. */
  private static String linkable(String address) {
    return WebLink.safe(address).orElse("");
  }
}
