package io.parley.http;

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
  private IdleBrowsers.Browser taken;
  /** Whether {@link #taken} was started with the test's own arguments, for it alone. */
  private boolean ownArguments;

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
    return taken != null ? taken.driver() : start(List.of());
  }

  /** This test's browser with {@code more} arguments besides the extension's: started for the test alone. */
  ChromeDriver start(List<String> more) {
    if (taken != null) throw new IllegalStateException("this test's browser is running already");
    ownArguments = !more.isEmpty();
    taken = ownArguments
        ? IdleBrowsers.start(Stream.concat(arguments.stream(), more.stream()).toList())
        : IdleBrowsers.take(arguments);
    window.ifPresent(size -> taken.driver().manage().window().setSize(size));
    return taken.driver();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    IdleBrowsers.Browser used = taken;
    taken = null;
    if (used == null) return;
    // A browser the test failed in may hold what made it fail: the next test gets another.
    if (ownArguments || context.getExecutionException().isPresent()) IdleBrowsers.quit(used);
    else IdleBrowsers.giveBack(arguments, used);
  }
}
