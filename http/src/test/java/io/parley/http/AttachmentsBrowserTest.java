package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.TestImages;
import io.parley.persistence.testing.TestH2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Files in the widget on a company's page (another origin than the node's), in real Chromium on a
 * real node with a fake model that reads images: a renamed executable attached before any message
 * starts the conversation and is refused with the reason in words, and nothing is sent; a phone's
 * photo with a GPS position, chosen with the file input, shows as a thumbnail, goes with the
 * message, and reaches the model as an {@code image_url} without its EXIF; the customer's message
 * shows the photo, which the tenant's agent reads back over REST; a screenshot pasted into the
 * message field and a note dropped on the panel go together in a message of their names. axe-core finds no serious or critical violation with the files shown.
 */
class AttachmentsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "pk_acme_attachments";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path files;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  private final WidgetOnSite page = new WidgetOnSite(browser, WAIT);
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;
  private HttpServer site;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(request -> "I can see the label, thank you.");
    site = WidgetOnSite.servePage(KEY, () -> node.httpPort());
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
        WidgetOnSite.tenantsAllowing(KEY, siteOrigin())));
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"vision\": true}, \"message\": \"the model reads images\"}");
    assertEquals(200, published.statusCode(), published.body());
  }

  @AfterEach
  void stopSite() {
    if (site != null) site.stop(0);
  }

  @Test
  void aPhotoGoesWithoutItsPositionToTheModelAndTheAgentAndARenamedProgramIsRefusedInWords() throws Exception {
    browser.get(siteOrigin() + "/");
    page.await("the launcher", b -> page.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    page.widget().findElement(By.cssSelector(".launcher")).click();
    WebElement attach = page.widget().findElement(By.cssSelector("button.attach"));
    assertEquals("Attach a file", attach.getDomAttribute("aria-label"));

    // Before any message: the upload starts the conversation, and the node refuses what is no photo.
    Path program = files.resolve("photo.jpg");
    Files.write(program, new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0});
    fileInput().sendKeys(program.toString());
    page.await("the refusal, in words", b -> chipTexts().equals(List.of(
        "photo.jpg not attached: this kind of file cannot be sent (photos, PDFs and text files can)")));
    String sessionId = browser.findElement(By.cssSelector("parley-widget")).getDomAttribute("data-session");
    assertTrue(sessionId != null && !sessionId.isBlank(), "the file started the conversation");
    page.widget().findElement(By.cssSelector("#parley-input")).sendKeys(Keys.ENTER);
    assertEquals(0, attachments(sessionId).size(), "nothing of the refused file is stored");
    assertTrue(page.customerTexts().isEmpty(), "nothing is sent for a refused file");
    page.widget().findElement(By.cssSelector(".attachment .remove")).click();
    assertEquals("Attach a file", active().getDomAttribute("aria-label"), "removing a file gives the focus back to the button");

    Path photo = files.resolve("label.jpg");
    Files.write(photo, TestImages.jpegWithGps(1600, 1200));
    fileInput().sendKeys(photo.toString());
    page.await("the photo uploaded, as a thumbnail", b -> chipTexts().equals(List.of("label.jpg attached"))
        && !page.widget().findElements(By.cssSelector(".attachment.ready img.thumbnail")).isEmpty());
    assertEquals(List.of(), Axe.seriousViolations(browser), "the widget with a file attached");
    WebElement input = page.widget().findElement(By.cssSelector("#parley-input"));
    input.sendKeys("Here is the label");
    input.sendKeys(Keys.ENTER);
    page.await("the message with its photo", b -> page.customerTexts().equals(List.of("Here is the label")) && shownImages() == 1);
    page.await("the answer", b -> page.answers().contains("I can see the label, thank you."));
    assertTrue(chipTexts().isEmpty(), "the files sent leave the composer");

    PromptMessage asked = lastUser();
    assertTrue(asked.content().startsWith("Here is the label"), asked.content());
    assertEquals(1, asked.images().size());
    String url = asked.images().get(0);
    assertTrue(url.startsWith("data:image/jpeg;base64,"), url.substring(0, 40));
    byte[] shown = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    assertFalse(TestImages.holds(shown, TestImages.GPS_MARKER), "the model gets no GPS position");
    assertFalse(TestImages.holds(shown, "Exif"), "nor any EXIF");

    List<JsonNode> stored = attachments(sessionId);
    assertEquals(1, stored.size(), stored.toString());
    HttpResponse<byte[]> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(nodeOrigin()
            + "/v1/sessions/" + sessionId + "/attachments/" + stored.get(0).get("attachmentId").asText()))
        .header("Authorization", "Bearer " + TestIdentity.agentKey("acme")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, read.statusCode());
    assertEquals("image/jpeg", read.headers().firstValue("Content-Type").orElseThrow());
    assertFalse(TestImages.holds(read.body(), TestImages.GPS_MARKER), "the agent gets the photo without its position");

    // A screenshot pasted into the message field.
    ((JavascriptExecutor) browser).executeScript("""
        const bytes = Uint8Array.from(atob(arguments[1]), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
        arguments[0].dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        """, input, Base64.getEncoder().encodeToString(TestImages.png(200, 120)));
    page.await("the pasted screenshot uploaded", b -> chipTexts().equals(List.of("screenshot.png attached")));
    // And a note dropped on the panel.
    ((JavascriptExecutor) browser).executeScript("""
        const data = new DataTransfer();
        data.items.add(new File(['Order A-1 arrived with a broken lid.'], 'notes.txt', { type: 'text/plain' }));
        arguments[0].dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        """, page.widget().findElement(By.cssSelector(".log")));
    page.await("the dropped note uploaded", b -> chipTexts().equals(List.of("screenshot.png attached", "notes.txt attached")));
    input.sendKeys(Keys.ENTER);
    page.await("a message of the files alone, by their names", b -> page.customerTexts().equals(
        List.of("Here is the label", "screenshot.png, notes.txt")) && shownImages() == 2);
    page.await("the model shown the screenshot and the note", b -> lastUser().images().size() == 1
        && lastUser().content().startsWith("screenshot.png, notes.txt"));
    assertTrue(lastUser().content().contains("Order A-1 arrived with a broken lid."), lastUser().content());
    assertEquals(List.of("notes.txt (36 B)"), page.texts(".log li[data-role=user] .files .file:not(.image) .name"),
        "a file that is no picture shows by its name and size");
    assertEquals(List.of(), Axe.seriousViolations(browser), "the conversation with its files");
  }

  private List<JsonNode> attachments(String sessionId) throws Exception {
    HttpResponse<String> view = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(nodeOrigin() + "/v1/sessions/" + sessionId))
        .header("Authorization", "Bearer " + TestIdentity.agentKey("acme")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, view.statusCode(), view.body());
    List<JsonNode> listed = new java.util.ArrayList<>();
    JSON.readTree(view.body()).path("attachments").forEach(listed::add);
    return listed;
  }

  private PromptMessage lastUser() {
    return model.requests().stream().filter(r -> r.stream()).reduce((first, second) -> second).orElseThrow().messages().stream()
        .filter(m -> m.role().equals("user")).reduce((first, second) -> second).orElseThrow();
  }

  private String siteOrigin() {
    return WidgetOnSite.origin(site);
  }

  private String nodeOrigin() {
    return "http://127.0.0.1:" + node.httpPort();
  }


  private WebElement fileInput() {
    return page.widget().findElement(By.cssSelector("input[type=file]"));
  }

  private WebElement active() {
    return (WebElement) ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('parley-widget').shadowRoot.activeElement");
  }

  private List<String> chipTexts() {
    return page.texts(".attachments .attachment .name");
  }

  /** The pictures the log shows, each loaded (a thumbnail read with the customer's credential). */
  private long shownImages() {
    return page.widget().findElements(By.cssSelector(".log li[data-role=user] .files img.thumbnail")).stream()
        .filter(img -> ((Number) ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth", img)).intValue() > 0)
        .count();
  }




}
