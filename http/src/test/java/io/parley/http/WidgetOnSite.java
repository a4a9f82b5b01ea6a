package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget on a company's page, as the browser tests of the widget set it up and read it: the
 * page on another origin than the node's with the widget's tag for tenant acme, the node's tenants
 * allowing that origin with acme's publishable key, and the conversation as the widget's shadow
 * root shows it. Everything read is waited for, never slept on.
 */
record WidgetOnSite(WebDriver browser, Duration patience) {

  /** Serves the company's page with the widget's tag for acme and {@code key}, from the node on {@code nodePort}. */
  static HttpServer servePage(String key, IntSupplier nodePort) {
    return TestSite.serve(Map.of("/", () -> page(key, nodePort, "en", "ltr")));
  }

  /** As {@link #servePage}, with the same page in Arabic, right to left, at {@code /ar}. */
  static HttpServer servePages(String key, IntSupplier nodePort) {
    return TestSite.serve(Map.of("/", () -> page(key, nodePort, "en", "ltr"), "/ar", () -> page(key, nodePort, "ar", "rtl")));
  }

  private static String page(String key, IntSupplier nodePort, String language, String direction) {
    return "<!doctype html><html lang=\"" + language + "\" dir=\"" + direction + "\"><head><meta charset=\"utf-8\">"
        + "<title>Acme orders</title><script src=\"http://localhost:" + nodePort.getAsInt() + "/widget.js\" data-tenant=\"acme\""
        + " data-key=\"" + key + "\" async></script></head><body><main><h1>Acme orders</h1></main></body></html>";
  }

  /** The node's setting of its tenants, acme with the publishable {@code key} and its page's {@code origin} allowed. */
  static Map<String, Object> tenantsAllowing(String key, String origin) {
    try {
      ObjectNode tenants = (ObjectNode) new ObjectMapper().readTree(TestIdentity.tenantsJson());
      ((ObjectNode) tenants.get("acme")).put("publishableKey", key).putArray("allowedOrigins").add(origin);
      return Map.of("parley.identity.tenants", tenants.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's origin, as the node allows it. */
  static String origin(HttpServer site) {
    return "http://127.0.0.1:" + site.getAddress().getPort();
  }

  /** The company's page at {@code url}, with the widget opened from its launcher and ready. */
  void open(String url) {
    browser.get(url);
    await("the launcher", b -> widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    widget().findElement(By.cssSelector(".launcher")).click();
    await("the widget ready", b -> List.of("idle", "open").contains(
        browser.findElement(By.cssSelector("parley-widget")).getAttribute("data-state")));
  }

  /** Runs {@code code} in the page, with {@code arguments}, and hands back what it returns. */
  Object script(String code, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(code, arguments);
  }

  SearchContext widget() {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  List<String> customerTexts() {
    return texts(".log > li[data-role=user] .text");
  }

  List<String> answers() {
    return texts(".log > li[data-role=assistant][data-final] .text");
  }

  List<String> texts(String selector) {
    return widget().findElements(By.cssSelector(selector)).stream().map(e -> e.getDomProperty("textContent")).toList();
  }

  void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, patience).withMessage(what).ignoring(NoSuchElementException.class)
        // The log is drawn anew as messages arrive: an element read meanwhile is read again at the next poll.
        .ignoring(StaleElementReferenceException.class).until(condition::apply);
  }
}
