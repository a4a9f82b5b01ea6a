package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.TestImages;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console attaches files in a real headless Chromium: the agent drops a photo on the
 * conversation they hold, sees it uploading then attached, and sends it with a reply, which the
 * customer's socket gets with the file; the customer's own file shows under their message as a
 * chip the agent can save, the photo as a thumbnail read with the agent's credential.
 */
class AgentConsoleAttachmentsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() {
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(), Map.of()));
  }

  @Test
  void anAgentDropsAPhotoSendsItWithAReplyAndSeesTheCustomersFile() throws Exception {
    AdminConsolePage.signInAsAgent(browser, node.httpPort(), "acme", "Dana");
    String user = "ada-" + UUID.randomUUID();
    try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of(user))) {
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human?");
      AgentConsoleBrowserTest.take(browser, sessionId);
      WebElement attach = browser.findElement(By.cssSelector("#composer button.attach"));
      assertEquals("Attach a file for the customer", attach.getAttribute("aria-label"));

      ((JavascriptExecutor) browser).executeScript("""
          const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
          const files = new DataTransfer();
          files.items.add(new File([bytes], 'where-it-goes.png', { type: 'image/png' }));
          document.getElementById('conversation').dispatchEvent(
            new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));""",
          Base64.getEncoder().encodeToString(TestImages.png(64, 48)));
      By chip = By.cssSelector("ul.attachments li.attachment");
      await("the photo attached", b -> b.findElement(chip).getAttribute("class").contains("ready"));
      assertEquals("where-it-goes.png attached", browser.findElement(chip).findElement(By.cssSelector(".name")).getText());
      assertTrue(browser.findElement(chip).findElement(By.cssSelector("img.thumbnail")).isDisplayed());

      browser.findElement(By.id("reply")).sendKeys("This is where the label goes.", Keys.ENTER);
      JsonNode written = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("This is where the label goes.", written.get("text").asText());
      JsonNode shared = customer.expect("attachments");
      assertEquals(written.get("seq").asLong(), shared.get("seq").asLong());
      assertEquals("where-it-goes.png", shared.get("attachments").get(0).get("name").asText());
      await("the tray emptied once sent", b -> b.findElements(chip).isEmpty());
      await("the sent photo under the reply", b -> !b.findElements(fileIn(written.get("seq").asLong())).isEmpty());

      String invoice = AttachmentsEndToEndTest.uploaded(node.httpPort(), sessionId, "Bearer "
          + TestIdentity.customerToken("acme", Optional.of(user)), "invoice.pdf", AttachmentsEndToEndTest.pdf("Invoice 4711"))
          .get("attachmentId").asText();
      customer.send(ChatClient.frame("user").put("clientMsgId", "c-2").put("text", "My invoice")
          .set("attachments", JSON.createArrayNode().add(invoice)));
      long seq = customer.expect("ack").get("seq").asLong();
      await("the customer's file under their message", b -> !b.findElements(fileIn(seq)).isEmpty());
      WebElement file = browser.findElement(fileIn(seq));
      assertTrue(file.getAttribute("aria-label").startsWith("Save invoice.pdf (PDF, "), file.getAttribute("aria-label"));
      WebElement thumbnail = browser.findElement(By.cssSelector(
          "#transcript li[data-seq='" + written.get("seq").asLong() + "'] img.file__thumbnail"));
      await("the photo read with the agent's credential", b -> Boolean.TRUE.equals(((JavascriptExecutor) b)
          .executeScript("return arguments[0].complete && arguments[0].naturalWidth === 64", thumbnail)));
      assertEquals(List.of(), Axe.seriousViolations(browser));
    }
  }

  private By fileIn(long seq) {
    return By.cssSelector("#transcript li[data-seq='" + seq + "'] .files button.file__chip");
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }
}
