package io.parley.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/** A fresh headless Chromium for each test, in a window of the given size, with a profile of its own deleted after it. */
final class BrowserPerTest implements BeforeEachCallback, AfterEachCallback {
  private final Dimension window;
  private Path profile;
  private ChromeDriver browser;

  BrowserPerTest(Dimension window) {
    this.window = window;
  }

  ChromeDriver browser() {
    return browser;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    profile = Files.createTempDirectory("parley-chromium");
    browser = TestChromium.start(profile, List.of());
    browser.manage().window().setSize(window);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (browser != null) browser.quit();
    browser = null;
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
