package io.parley.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A headless Chromium for each test, as fresh as a new one: one the JVM's earlier tests gave back
 * cleared ({@link IdleBrowsers}), or a new one, given back after a test that passed and quit after
 * one that failed. It is taken when the test first asks for it, so a test whose browser needs a
 * file the test makes first (a fake microphone's sound) starts it with that argument; such a
 * browser is the test's own, started for it and quit after it.
 */
final class BrowserPerTest implements AfterEachCallback {
  /** The window the console tests use: a laptop's. */
  static final Dimension DESKTOP = new Dimension(1366, 900);
  /** A phone's width, for the checks of a narrow layout. */
  static final Dimension PHONE = new Dimension(390, 844);
  /** Chromium's fake microphone and camera, allowed without asking. */
  static final List<String> FAKE_MEDIA = List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");

  private final Optional<Dimension> window;
  private final List<String> arguments;
  private IdleBrowsers.Browser kept;
  private Path ownProfile;
  private ChromeDriver browser;

  private BrowserPerTest(Optional<Dimension> window, List<String> arguments) {
    this.window = window;
    this.arguments = arguments;
  }

  /** A browser in a window of the given size. */
  BrowserPerTest(Dimension window) {
    this(Optional.of(window), List.of());
  }

  /** A browser in Chromium's own window, started with {@code arguments}. */
  static BrowserPerTest withArguments(List<String> arguments) {
    return new BrowserPerTest(Optional.empty(), arguments);
  }

  /** A browser in Chromium's own window, with no arguments of the test's. */
  static BrowserPerTest plain() {
    return withArguments(List.of());
  }

  /** This test's browser, taken now if it is not yet. */
  ChromeDriver browser() {
    return browser != null ? browser : start(List.of());
  }

  /** This test's browser with {@code more} arguments besides the extension's: started for the test alone. */
  ChromeDriver start(List<String> more) {
    if (browser != null) throw new IllegalStateException("this test's browser is running already");
    if (more.isEmpty()) {
      kept = IdleBrowsers.take(arguments);
      browser = kept.driver();
    } else {
      try {
        ownProfile = Files.createTempDirectory("parley-chromium");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      browser = TestChromium.start(ownProfile, Stream.concat(arguments.stream(), more.stream()).toList());
    }
    window.ifPresent(size -> browser.manage().window().setSize(size));
    return browser;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ChromeDriver used = browser;
    browser = null;
    if (kept != null) {
      IdleBrowsers.Browser taken = kept;
      kept = null;
      // A browser the test failed in may hold what made it fail: the next test gets another.
      if (context.getExecutionException().isPresent()) IdleBrowsers.quit(taken);
      else IdleBrowsers.giveBack(arguments, taken);
      return;
    }
    if (used == null) return;
    IdleBrowsers.quit(used, ownProfile);
    ownProfile = null;
  }
}
