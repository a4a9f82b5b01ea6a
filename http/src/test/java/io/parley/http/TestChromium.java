package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium for browser tests, driven through its own chromedriver; Selenium
 * Manager is never asked to find or download one. Never skipped: a machine without the browser
 * fails the test and says how to get it.
 */
final class TestChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private TestChromium() {}

  /** A fresh browser with its profile in {@code profile}, plus {@code arguments}. */
  static ChromeDriver start(Path profile, List<String> arguments) {
    return start(profile, arguments, Map.of());
  }

  /**
   * The same with Chrome preferences set in its profile, as a user would have set them (for
   * instance {@code profile.default_content_setting_values.media_stream_mic = 2}: the microphone
   * blocked).
   */
  static ChromeDriver start(Path profile, List<String> arguments, Map<String, Object> preferences) {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
            + ": apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile);
    options.addArguments(arguments);
    if (!preferences.isEmpty()) options.setExperimentalOption("prefs", preferences);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  /**
   * A script's function {@code colour(value)}: the colour {@code value} (a CSS colour or {@code
   * var(--name)}) computes to on the page, as {@code getComputedStyle} writes colours, to compare with.
   */
  static final String COLOUR_OF = """
      const colour = (value) => {
        const probe = document.createElement('span');
        probe.style.color = value;
        document.body.append(probe);
        const seen = getComputedStyle(probe).color;
        probe.remove();
        return seen;
      };
      """;

  /** Shows the page as a browser set to {@code scheme} ({@code light} or {@code dark}) shows it: prefers-color-scheme. */
  static void colourScheme(ChromeDriver browser, String scheme) {
    browser.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }
}
