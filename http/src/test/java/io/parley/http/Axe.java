package io.parley.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** axe-core (the {@code org.webjars.npm:axe-core} test dependency) run on the page a browser test shows. */
final class Axe {
  private static final String SCRIPT = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
  /** The script's text, read once: half a megabyte, which a page keeps until it navigates. */
  private static final String SOURCE = source();

  private Axe() {}

  /** The serious and critical violations on the page as it is now, each as its rule and the elements it names. */
  @SuppressWarnings("unchecked")
  static List<String> seriousViolations(WebDriver browser) {
    JavascriptExecutor page = (JavascriptExecutor) browser;
    // A page scanned before keeps axe: parsing it again for every scan costs the browser's CPU.
    if (!Boolean.TRUE.equals(page.executeScript("return typeof axe === 'object'"))) page.executeScript(SOURCE);
    return (List<String>) page.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))),
            (e) => done(['axe failed: ' + e]));""");
  }

  private static String source() {
    try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
