package io.parley.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The JVM's headless Chromiums between tests, by the arguments they were started with: a test
 * takes one that a test before it gave back, rid of everything that test left (a new tab, every
 * earlier tab closed; the cookies of every site and the storage, cache and service workers of
 * every origin its tabs showed; the window's first size), or starts one. A browser start is a
 * second or more of CPU (docs/testing.md, "Where the time goes"); a test whose browser failed it
 * gives it up instead. Those still idle are quit when the JVM exits.
 */
final class IdleBrowsers {
  /** One browser with its profile and the window it started with. */
  record Browser(ChromeDriver driver, Path profile, Dimension window) {}

  private static final Map<List<String>, Deque<Browser>> IDLE = new HashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(IdleBrowsers::quitAll, "idle-browsers"));
  }

  private IdleBrowsers() {}

  /** A browser started with exactly {@code arguments}: an idle one, or a new one. */
  static Browser take(List<String> arguments) {
    Browser idle;
    synchronized (IDLE) {
      idle = IDLE.getOrDefault(arguments, new ArrayDeque<>()).pollFirst();
    }
    return idle != null ? idle : start(arguments);
  }

  /** A new browser started with {@code arguments} in a profile of its own, for {@link #giveBack} or {@link #quit}. */
  static Browser start(List<String> arguments) {
    Path profile;
    try {
      profile = Files.createTempDirectory("parley-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriver driver = TestChromium.start(profile, arguments);
    return new Browser(driver, profile, driver.manage().window().getSize());
  }

  /** {@code browser} cleared for the next test and kept; quit if it cannot be cleared. */
  static void giveBack(List<String> arguments, Browser browser) {
    try {
      clear(browser);
    } catch (RuntimeException e) {
      quit(browser);
      return;
    }
    synchronized (IDLE) {
      IDLE.computeIfAbsent(List.copyOf(arguments), key -> new ArrayDeque<>()).addLast(browser);
    }
  }

  /** Quits {@code browser} and deletes its profile. */
  static void quit(Browser browser) {
    try {
      browser.driver().quit();
    } finally {
      deleteTree(browser.profile());
    }
  }

  private static void clear(Browser browser) {
    ChromeDriver driver = browser.driver();
    List<String> tabs = new ArrayList<>(driver.getWindowHandles());
    Set<String> origins = new LinkedHashSet<>();
    for (String tab : tabs) {
      driver.switchTo().window(tab);
      origins.addAll(frameOrigins(driver.executeCdpCommand("Page.getFrameTree", Map.of()).get("frameTree")));
    }
    // A fresh tab: no page, dialog or emulated media of the test's stays.
    driver.switchTo().newWindow(WindowType.TAB);
    String fresh = driver.getWindowHandle();
    for (String tab : tabs) {
      driver.switchTo().window(tab).close();
    }
    driver.switchTo().window(fresh);
    // Cookies are kept per host, whatever the port, so another test's node on 127.0.0.1 would get them.
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    for (String origin : origins) {
      driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    }
    driver.manage().window().setSize(browser.window());
  }

  /** The origins of a frame tree's pages (http and https only: about:blank and data: have none to clear). */
  private static Set<String> frameOrigins(Object tree) {
    Set<String> origins = new LinkedHashSet<>();
    if (!(tree instanceof Map<?, ?> node)) return origins;
    if (node.get("frame") instanceof Map<?, ?> frame && frame.get("securityOrigin") instanceof String origin
        && origin.startsWith("http")) {
      origins.add(origin);
    }
    if (node.get("childFrames") instanceof List<?> children) children.forEach(child -> origins.addAll(frameOrigins(child)));
    return origins;
  }

  private static void quitAll() {
    List<Browser> all = new ArrayList<>();
    synchronized (IDLE) {
      IDLE.values().forEach(all::addAll);
      IDLE.clear();
    }
    for (Browser browser : all) {
      try {
        quit(browser);
      } catch (RuntimeException ignored) {
        // The JVM is exiting: the others are still quit.
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
