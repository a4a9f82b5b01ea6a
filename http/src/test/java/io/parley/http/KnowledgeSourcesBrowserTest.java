package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A company's help centre added to its knowledge base from the admin console, in real Chromium on a
 * node over PostgreSQL: the admin signs in with a password, adds the site's sitemap (pages in English
 * and German, on loopback) excluding its archive, and watches the sync's bar move, without reloading,
 * while one page's answer is held; once it is released the source says what its sync did and its
 * six documents are imported, the German ones in German. Then on the company's page the widget's
 * answer cites one of those pages, as a link to it. A Markdown file uploaded in the same view is
 * imported into a files source listed beside the site, with its document, and updated when uploaded
 * changed. axe-core finds no serious or critical violation
 * in the view before, during and after the sync, nor in the widget.
 */
class KnowledgeSourcesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TENANT = "acme";
  private static final String KEY = "pk_live_sources_browser";
  private static final String ADMIN = "head@gizmo.example";
  private static final String HELD = "/de/artikel-2";

  private static HelpCentreSite help;
  private static HttpServer shop;
  private static FakeChatCompletionsServer model;
  private static StaffNode staff;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    help = new HelpCentreSite(3);
    model = FakeChatCompletionsServer.start();
    shop = WidgetOnSite.servePage(KEY, () -> staff.node.httpPort());
    Map<String, Object> settings = new HashMap<>(KnowledgeSourcesEndToEndTest.settings());
    settings.putAll(WidgetOnSite.tenantsAllowing(KEY, WidgetOnSite.origin(shop)));
    staff = StaffNode.start(TENANT, ADMIN, settings, Optional.of(model.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (staff != null) staff.close();
    if (shop != null) shop.stop(0);
    if (model != null) model.close();
    if (help != null) help.close();
  }

  @Test
  void theAdminAddsTheHelpCentreWatchesItsSyncAndTheWidgetCitesItsPages() throws Exception {
    AdminConsolePage.signInWithPassword(browser, staff.node.httpPort(), ADMIN, StaffNode.PASSWORD);
    browser.findElement(By.cssSelector("[data-view='sources']")).click();
    await("no sources yet", b -> b.findElement(By.id("sources")).getText().contains("No sources yet."));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the sources view, empty");

    help.hold(HELD);
    browser.findElement(By.id("source-name")).sendKeys("Gizmo help");
    browser.findElement(By.id("source-url")).sendKeys(help.url("/sitemap.xml"));
    browser.findElement(By.id("source-sitemap")).click();
    browser.findElement(By.id("source-exclude")).sendKeys("/en/archive/*");
    browser.findElement(By.id("source-limit")).sendKeys("50");
    new Select(browser.findElement(By.id("source-every"))).selectByValue("P1D");
    browser.findElement(By.id("source-submit")).click();

    // The sitemap's six pages in order, each English one before its German one: three dealt with when the held one is asked for.
    By bar = By.cssSelector("#sources li[data-state='syncing'] progress");
    await("the sync's bar, moved on by itself", b -> !b.findElements(bar).isEmpty()
        && "3".equals(b.findElement(bar).getDomProperty("value")));
    assertEquals("6", browser.findElement(bar).getDomProperty("max"));
    assertEquals("Sync of Gizmo help: 3 of 6 pages", browser.findElement(bar).getDomAttribute("aria-label"));
    assertTrue(source().getText().contains("Syncing: 3 of 6 pages"), source().getText());
    assertTrue(!source().findElement(By.cssSelector("button.sync")).isEnabled(), "no second sync asked while one runs");
    await("the documents so far", b -> documents().size() == 3);
    assertEquals(List.of(), Axe.seriousViolations(browser), "the sources view with a sync under way");

    help.release();
    await("the sync done", b -> source().getText().contains("6 imported"));
    assertTrue(source().getText().contains("Next sync"), source().getText());
    assertTrue(browser.findElements(bar).isEmpty(), "no bar once it is done");
    await("its six documents", b -> documents().size() == 6
        && documents().stream().allMatch(row -> "imported".equals(row.getDomAttribute("data-status"))));
    assertEquals("6 imported", browser.findElement(By.id("source-documents-summary")).getText());
    WebElement german = documents().stream().filter(row -> row.getText().contains(help.url(HELD))).findFirst().orElseThrow();
    assertEquals(List.of("Artikel 2", help.url(HELD), "de", "imported"),
        german.findElements(By.tagName("td")).stream().limit(4).map(WebElement::getText).toList());
    assertTrue(help.requests().stream().noneMatch(request -> request.path().equals(HelpCentreSite.EXCLUDED)
        || request.path().equals(HelpCentreSite.DISALLOWED)), "neither the excluded nor the disallowed page is asked for");
    assertEquals(List.of(), Axe.seriousViolations(browser), "the sources view after the sync");

    // A file of its own, uploaded beside the site's pages.
    Path file = Files.createTempDirectory("parley-kb-upload").resolve("gift-wrapping.md");
    Files.writeString(file, "# Gift wrapping\n\nEvery order can be gift wrapped for 3 euros.");
    browser.findElement(By.id("files-chosen")).sendKeys(file.toAbsolutePath().toString());
    browser.findElement(By.id("files-submit")).click();
    await("the file uploaded", b -> b.findElement(By.id("sources-status")).getText().equals("Uploaded: 1 imported."));
    By uploads = By.xpath("//ul[@id='sources']/li[@data-source][contains(., 'Uploaded files')]");
    // Read within the wait: the list is drawn anew as the sources' states come.
    await("the files source beside the site, without a sync button (it syncs when files are uploaded, not on demand)",
        b -> b.findElement(uploads).getText().contains("files, files uploaded here")
            && b.findElement(uploads).getText().contains("gift-wrapping.md: 1 imported")
            && b.findElement(uploads).findElements(By.cssSelector("button.sync")).isEmpty());
    await("its document", b -> documents().size() == 1
        && documents().get(0).getText().contains("gift-wrapping.md") && "imported".equals(documents().get(0).getDomAttribute("data-status")));
    Files.writeString(file, "# Gift wrapping\n\nEvery order can be gift wrapped for 4 euros.");
    browser.findElement(By.id("files-chosen")).sendKeys(file.toAbsolutePath().toString());
    browser.findElement(By.id("files-submit")).click();
    await("the file replaced", b -> b.findElement(By.id("sources-status")).getText().equals("Uploaded: 1 updated.")
        && "updated".equals(documents().get(0).getDomAttribute("data-status")));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the sources view with a files source");

    // The widget on the company's page: the model searches the knowledge base and cites what it found.
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "kb_search", "{\"query\": \"quokka2 cleaning\"}")),
        Reply.answer("Wipe it every week with a dry cloth [1]."));
    WidgetOnSite widget = new WidgetOnSite(browser, WAIT);
    browser.manage().deleteAllCookies();
    browser.get(WidgetOnSite.origin(shop) + "/");
    widget.await("the launcher", b -> widget.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    widget.widget().findElement(By.cssSelector(".launcher")).click();
    widget.await("the composer", b -> widget.widget().findElement(By.cssSelector(".composer textarea")).isDisplayed());
    widget.widget().findElement(By.cssSelector(".composer textarea")).sendKeys("How do I clean my quokka2?", Keys.ENTER);
    By cited = By.cssSelector(".log > li[data-role=assistant][data-final] .citations a");
    widget.await("the answer with its source", b -> !widget.widget().findElements(cited).isEmpty());
    WebElement link = widget.widget().findElement(cited);
    assertEquals(help.url("/en/article-2"), link.getDomAttribute("href"));
    assertEquals("[1] Article 2", link.getText());
    assertEquals(List.of(), Axe.seriousViolations(browser), "the widget with the answer's source");
  }

  private WebElement source() {
    return browser.findElement(By.cssSelector("#sources li[data-source]"));
  }

  private List<WebElement> documents() {
    return browser.findElements(By.cssSelector("#source-documents tbody tr[data-status]"));
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(() -> what + "; the view shows: "
        + browser.findElement(By.id("view-sources")).getText()).ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class).until(condition::apply);
  }
}
