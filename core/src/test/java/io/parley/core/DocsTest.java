package io.parley.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's pages about the product as it is: no page tells the history of the work
 * that made it, the README's Layout names every module, the docs index lists every page, links
 * between pages (anchors included) resolve, and every class a page names exists. Each failure names
 * the file and line to fix.
 */
class DocsTest {
  private static final Path ROOT = Repository.root();

  /** The product's pages: the README, PROMPTS.md, every page of docs/ and the Kubernetes manifests. */
  private static final List<Path> PAGES = pages();

  /**
   * The work's history, which belongs in the tracker and the commit log. An upstream project's
   * issue ({@code owner/repo#123}, a URL's {@code /issues/123}) is about a dependency and is fine.
   */
  private static final Map<String, Pattern> HISTORY = Map.of(
      "an issue or pull request number", Pattern.compile("(?i)(?<![\\w/])(issues?|pull requests?)\\s*#?\\s*\\d+"),
      "a numbered work session",
      Pattern.compile("(?<![-\\w])[Ss]essions? \\d+\\b(?![.,]\\d|\\s*(?:%|[KMG]iB|[KMG]B|ms\\b|s\\b|µs\\b|bytes?\\b|messages?\\b))"),
      "the tools of the work (worktree, helper session, this branch)",
      Pattern.compile("(?i)\\b(worktrees?|helper sessions?|on this branch)\\b"),
      "a dated entry (a figure states the present, with its command)",
      Pattern.compile("(?i)\\b(measured|recorded|as of)\\s+(on\\s+)?20\\d\\d-\\d\\d-\\d\\d\\b"));

  /** A dated heading is a diary entry. */
  private static final Pattern DATED_HEADING = Pattern.compile("^#{1,6} .*\\b20\\d\\d-\\d\\d-\\d\\d\\b");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

  /** A name in backticks written as a type: two or more capitalised words, alone or before a member. */
  private static final Pattern NAMED_TYPE = Pattern.compile("`([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?:[.#(][^`]*)?`");
  private static final Pattern DECLARED_TYPE = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");
  private static final Pattern ENTITY_TYPE_NAME = Pattern.compile("EntityTypeKey\\.create\\([^,]+,\\s*\"(\\w+)\"");

  /** Types of the JDK, the libraries and the browser that the pages name; none of them is Parley's. */
  private static final Set<String> OUTSIDE_TYPES = Set.of(
      // the JDK
      "BufferOverflowException", "CompletionStage", "HttpClient", "IllegalStateException", "LongAdder",
      // Pekko and its test kits
      "ActorTestKit", "CircuitBreaker", "EventSourcedBehaviorTestKit", "JacksonMigration", "ManualTime",
      "RecoveryCompleted", "RetentionCriteria", "StatusReply", "SupervisorStrategy", "TestProbe", "WeaklyUp",
      // Logback and the Logstash encoder
      "AsyncAppender", "LogstashEncoder", "MaskingJsonGeneratorDecorator",
      // the MCP Java SDK
      "HttpClientStreamableHttpTransport", "McpClient", "McpClientTransport",
      // JAIN SIP, the browser's Web APIs and a Python library a page's example uses
      "AuthenticationHelper", "AudioBufferSourceNode", "AudioWorkletNode", "MutationObserver", "NotAllowedError", "PyJWT",
      // a cookie attribute (RFC 6265)
      "HttpOnly");

  @Test
  void noPageTellsTheHistoryOfItsWork() {
    List<String> found = new ArrayList<>();
    for (Path page : PAGES) {
      List<String> lines = lines(page);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (DATED_HEADING.matcher(line).find() && page.toString().endsWith(".md")) {
          found.add(where(page, i) + ": a dated heading: " + line.strip());
        }
        for (Map.Entry<String, Pattern> kind : HISTORY.entrySet()) {
          Matcher m = kind.getValue().matcher(line);
          if (m.find()) found.add(where(page, i) + ": " + kind.getKey() + " (\"" + m.group() + "\")");
        }
      }
    }
    assertEquals(List.of(), found, "say what the product does now, not how the work got there:\n" + String.join("\n", found));
  }

  @Test
  void theReadmeLayoutNamesEveryModule() {
    String pom = read(ROOT.resolve("pom.xml"));
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(pom.substring(pom.indexOf("<modules>")));
    List<String> layout = layoutRows();
    List<String> missing = new ArrayList<>();
    while (modules.find()) {
      if (!layout.contains(modules.group(1).trim())) missing.add(modules.group(1).trim());
    }
    assertTrue(layout.size() > 0, "README.md has no \"## Layout\" table of `module` rows");
    assertEquals(List.of(), missing, "modules of the root pom missing from README.md's Layout table");
  }

  @Test
  void theArchitecturePackageTableNamesEveryPackageOfTheServer() {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/io/parley/"))
          .filter(f -> !f.toString().contains("/target/") && !ROOT.relativize(f).startsWith("bench"))
          .forEach(f -> packages.add(f.getParent().toString().replaceAll(".*/src/main/java/", "").replace('/', '.')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> rows = new TreeSet<>(firstCells(ROOT.resolve("docs/architecture.md"), "## Packages", "io\\.parley[^`]*"));
    Set<String> missing = new TreeSet<>(packages);
    missing.removeAll(rows);
    Set<String> stale = new TreeSet<>(rows);
    stale.removeAll(packages);
    assertEquals(Set.of(), missing, "packages missing from docs/architecture.md's \"## Packages\" table");
    assertEquals(Set.of(), stale, "rows of docs/architecture.md's \"## Packages\" table naming no package");
  }

  @Test
  void theDocsIndexListsEveryPage() {
    Path index = ROOT.resolve("docs/README.md");
    Set<String> linked = new LinkedHashSet<>();
    for (String line : lines(index)) {
      Matcher m = LINK.matcher(line);
      while (m.find()) linked.add(m.group(1).replaceFirst("#.*", ""));
    }
    List<String> unlisted = PAGES.stream()
        .filter(page -> page.getParent().equals(ROOT.resolve("docs")) && !page.equals(index))
        .map(page -> page.getFileName().toString())
        .filter(name -> !linked.contains(name))
        .toList();
    assertEquals(List.of(), unlisted, "pages of docs/ that docs/README.md does not list");
  }

  @Test
  void linksBetweenPagesResolve() {
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> broken = new ArrayList<>();
    for (Path page : PAGES) {
      if (!page.toString().endsWith(".md")) continue;
      forEachLineOutsideFences(page, (i, line) -> {
        Matcher m = LINK.matcher(line);
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) continue; // http:, https:, mailto:
          int hash = target.indexOf('#');
          String file = hash < 0 ? target : target.substring(0, hash);
          Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
          if (!Files.exists(resolved)) {
            broken.add(where(page, i) + ": no file " + target);
          } else if (hash >= 0 && resolved.toString().endsWith(".md")
              && !anchors.computeIfAbsent(resolved, DocsTest::anchorsOf).contains(target.substring(hash + 1))) {
            broken.add(where(page, i) + ": no heading for " + target);
          }
        }
      });
    }
    assertEquals(List.of(), broken, "broken links:\n" + String.join("\n", broken));
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
  static Set<String> anchorsOf(Path page) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    forEachLineOutsideFences(page, (i, line) -> {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) return;
      String slug = slug(m.group(1));
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    });
    return anchors;
  }

  static String slug(String heading) {
    return heading
        .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
        .replace(' ', '-');
  }

  @Test
  void anchorsAreTheOnesGitHubMakes() {
    assertEquals("chat-turns-ack-first-delta-throughput", slug("Chat turns: ack, first delta, throughput"));
    assertEquals("what-the-premium-paths-335-ms-was-part-9", slug("What the premium path's 335 ms was (part 9)"));
    assertEquals("6-spoken-texts", slug("6. Spoken texts"));
    assertEquals("chatsession-and-sessionruntime", slug("`ChatSession` and `SessionRuntime`"));
    assertEquals("kryo-for-what-is-never-persisted", slug("Kryo for what is [never persisted](x.md)"));
    assertEquals("a--b", slug("A — B"));
  }

  @Test
  void thePatternsTellHistoryFromTheProduct() {
    List<String> history = List.of(
        "This page covers the first part of issue 14.",
        "What the premium path's 335 ms was (Issue #9)",
        "sessions 18 and 19 had shrunk the entity",
        "the commit session 24 started from",
        "a helper session's build shared the machine",
        "Measured 2026-11-22 on this machine");
    List<String> product = List.of(
        "onnxruntime's own bug, microsoft/onnxruntime#31352, stays open",
        "see https://github.com/pekko/pekko/issues/1234",
        "a `403` for a wrong password, RFC 3550 jitter, RFC 6455 framing",
        "at 18,000 sessions, 1 session, 32 sessions a second, ChatLoad --sessions 1,8,32",
        "the session 20 ms later, a session 5 s old, session 3 KiB smaller, a 300-message session 0.43 ms",
        "\"day\": \"2026-11-23\", the ticket #1042");
    for (String line : history) {
      assertTrue(HISTORY.values().stream().anyMatch(p -> p.matcher(line).find()), "not caught: " + line);
    }
    for (String line : product) {
      assertTrue(HISTORY.values().stream().noneMatch(p -> p.matcher(line).find()), "caught: " + line);
    }
    assertTrue(DATED_HEADING.matcher("### Session starts now (2026-11-25)").find());
  }

  /** The Layout section's rows: the first cell's `name`. */
  @Test
  void everyClassAPageNamesExists() {
    Set<String> known = declaredTypes();
    List<String> unknown = new ArrayList<>();
    for (Path page : PAGES) {
      forEachLineOutsideFences(page, (i, line) -> {
        Matcher name = NAMED_TYPE.matcher(line);
        while (name.find()) {
          if (!known.contains(name.group(1)) && !OUTSIDE_TYPES.contains(name.group(1))) {
            unknown.add(where(page, i) + ": `" + name.group(1) + "` is no type of the sources (renamed or gone?)");
          }
        }
      });
    }
    assertEquals(List.of(), unknown);
  }

  /**
   * The map "Where each behaviour lives" of docs/architecture.md starts each behaviour at a file:
   * the first name of a row's "Where to start" is a main Java file's (or a path that exists), and
   * each room of the session entity (a sub-package of {@code io.parley.sessions.entity}) has a row
   * that names it ({@code entity.<room>}).
   */
  @Test
  void theBehaviourMapStartsAtFilesThatExistAndNamesEveryRoomOfTheEntity() throws IOException {
    Set<String> files = new HashSet<>();
    try (Stream<Path> sources = Files.walk(ROOT)) {
      sources.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
          .filter(f -> !f.toString().contains("/target/"))
          .forEach(f -> files.add(f.getFileName().toString().replace(".java", "")));
    }
    Path page = ROOT.resolve("docs/architecture.md");
    Pattern first = Pattern.compile("^\\|[^|]*\\|[^`|]*`([^`]+)`");
    List<String> missing = new ArrayList<>();
    StringBuilder map = new StringBuilder();
    boolean inMap = false;
    List<String> lines = lines(page);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("## ")) inMap = line.strip().equals("## Where each behaviour lives");
      if (!inMap || !line.startsWith("| ") || line.startsWith("| Behaviour |")) continue;
      map.append(line).append('\n');
      Matcher start = first.matcher(line);
      if (!start.find()) {
        missing.add(where(page, i) + ": names no file to start at");
        continue;
      }
      String name = start.group(1);
      boolean exists = name.contains("/") ? Files.exists(ROOT.resolve(name)) : files.contains(name.replaceAll("[.(#].*", ""));
      if (!exists) missing.add(where(page, i) + ": `" + name + "` is no main file");
    }
    try (Stream<Path> rooms = Files.list(ROOT.resolve("sessions/src/main/java/io/parley/sessions/entity"))) {
      rooms.filter(Files::isDirectory).map(room -> "entity." + room.getFileName())
          .filter(room -> !map.toString().contains("`" + room + "`"))
          .forEach(room -> missing.add("docs/architecture.md: no row of the map names the room `" + room + "`"));
    }
    assertEquals(List.of(), missing);
  }

  /** Every type the sources declare (Java, nested ones included, and the browser's JavaScript), and the sharded entity types' names. */
  private static Set<String> declaredTypes() {
    Set<String> types = new HashSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(f -> f.toString().matches(".*\\.(java|js|mjs)$"))
          .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/"))
          .forEach(source -> {
            String text = read(source);
            String file = source.getFileName().toString();
            if (file.endsWith(".java")) types.add(file.substring(0, file.length() - ".java".length()));
            for (Pattern declaration : List.of(DECLARED_TYPE, ENTITY_TYPE_NAME)) {
              Matcher m = declaration.matcher(text);
              while (m.find()) types.add(m.group(1));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return types;
  }

  private static List<String> layoutRows() {
    return firstCells(ROOT.resolve("README.md"), "## Layout", "[^`]+");
  }

  /** The first cells of the table rows under {@code heading} of {@code page} that are {@code name} in backticks, without them. */
  private static List<String> firstCells(Path page, String heading, String name) {
    Pattern row = Pattern.compile("^\\| *`(" + name + ")` *\\|");
    List<String> cells = new ArrayList<>();
    boolean inSection = false;
    for (String line : lines(page)) {
      if (line.startsWith("## ")) inSection = line.strip().equals(heading);
      Matcher m = row.matcher(line);
      if (inSection && m.find()) cells.add(m.group(1));
    }
    return cells;
  }

  private static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("PROMPTS.md")));
    for (String dir : List.of("docs", "k8s")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
        files.filter(Files::isRegularFile)
            .filter(f -> f.toString().matches(".*\\.(md|ya?ml)$"))
            .sorted()
            .forEach(pages::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages;
  }

  /**
   * Hands each line of {@code page} that is not inside a code fence to {@code action} with its index
   * (from 0); a fence's opening line counts as inside, its closing line as outside.
   */
  private static void forEachLineOutsideFences(Path page, BiConsumer<Integer, String> action) {
    List<String> lines = lines(page);
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      if (FENCE.matcher(lines.get(i)).find()) fenced = !fenced;
      if (!fenced) action.accept(i, lines.get(i));
    }
  }

  private static String where(Path page, int index) {
    return ROOT.relativize(page) + ":" + (index + 1);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
