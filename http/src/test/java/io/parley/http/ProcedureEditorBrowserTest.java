package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The procedure editor of the admin console's bot form, in a real headless Chromium, the head of
 * support signed in with their password: a procedure built as cards (a say added first and moved
 * last from the keyboard, an ask whose variable is refused as typed until it is a variable's name, a
 * check, a tool step picking the tenant's refund tool, which the customer approves), its question
 * and its last words written in English and in German through the fields' language switchers; the
 * JSON tab holds the same procedure, and a text changed there is the card's once the form is shown
 * again; axe-core finds nothing serious, light and dark. Published, a German conversation runs it:
 * the customer is asked the German question, approves the refund and reads the German last words.
 */
class ProcedureEditorBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String HEAD = "head@shop.example";
  private static final String ASK_EN = "What was wrong with the order?";
  private static final String ASK_DE = "Was war mit der Bestellung nicht in Ordnung?";
  private static final String SAY_EN = "Done: refund {{refund.refund}} is on its way.";
  private static final String SAY_DE = "Erledigt: Erstattung {{refund.refund}} ist unterwegs.";
  private static final String STEPS = "setting-procedures-0-steps-";

  private static FakeChatCompletionsServer model;
  private static ScriptedHttpServer refunds;
  private static StaffNode staff;

  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start();
    refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED));
    staff = StaffNode.start(TENANT, HEAD, Map.of(), Optional.of(model.baseUrl()));
    // The shop's refund tool, added in the Tools view before: only procedures call it, and the customer approves each call.
    RefundProcedure.publish(staff.node.httpPort(), """
        {"widget": {"language": "en"},
         "httpTools": [{"name": "refund_order", "description": "Pays an order's money back", "procedureOnly": true,
           "url": "%s", "idempotent": true, "approval": "customer",
           "parameters": {"type": "object", "properties": {"reason": {"type": "string"}}, "required": ["reason"]}}]}
        """.formatted(refunds.url("/refunds")));
  }

  @AfterAll
  static void stop() {
    if (staff != null) staff.close();
    if (refunds != null) refunds.close();
    if (model != null) model.close();
  }

  @Test
  void aHeadOfSupportBuildsAProcedureInTwoLanguagesThatAGermanConversationRuns() throws Exception {
    AdminConsolePage.signInWithPassword(browser, staff.node.httpPort(), HEAD, StaffNode.PASSWORD);
    await("the bot's form", b -> b.findElement(By.id("procedures-add")).isDisplayed());

    click(By.id("procedures-add"));
    await("a new procedure", b -> b.findElement(By.id("setting-procedures-0-name")).equals(b.switchTo().activeElement()));
    replace("setting-procedures-0-name", "refund");
    browser.findElement(By.id("setting-procedures-0-description")).sendKeys("The customer wants their money back");
    for (String kind : List.of("ask", "check", "tool")) {
      new Select(browser.findElement(By.id("setting-procedures-0-steps-kind"))).selectByValue(kind);
      click(By.id("setting-procedures-0-steps-add"));
    }
    // The say the new procedure started with goes last, moved down from the keyboard, the focus staying on its button.
    browser.findElement(By.id(STEPS + "0-down")).sendKeys(Keys.ENTER);
    for (int at = 1; at <= 2; at++) {
      int step = at;
      await("the say at step " + (step + 1), b -> (STEPS + step + "-down").equals(b.switchTo().activeElement().getDomAttribute("id")));
      browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    }
    await("the say last", b -> "say".equals(b.findElement(By.cssSelector("[data-field='procedures[0].steps[3]']")).getDomAttribute("data-kind")));
    assertEquals(List.of("ask", "check", "tool", "say"), kinds());

    browser.findElement(By.id(STEPS + "0-ask")).sendKeys("1reason");
    await("the variable refused as typed", b -> b.findElement(By.id(STEPS + "0-ask-problem")).getText()
        .contains("procedures[0].steps[0].ask: must be a variable name"));
    replace(STEPS + "0-ask", "reason");
    await("the variable taken", b -> b.findElement(By.id(STEPS + "0-ask-problem")).getText().isEmpty());
    word(STEPS + "0-prompt", ASK_EN, ASK_DE);
    browser.findElement(By.id(STEPS + "1-check")).sendKeys("size(reason) > 0");
    browser.findElement(By.id(STEPS + "2-tool")).sendKeys("refund_order", Keys.TAB);
    await("the tool's approval said", b -> b.findElement(By.cssSelector("[data-field='procedures[0].steps[2]'] .procedure__tool"))
        .getText().contains("the customer's approval"));
    assertTrue(browser.findElement(By.cssSelector("[data-field='procedures[0].steps[2]'] .procedure__tool")).getText()
        .contains("Only procedures call it"), "the tool form's procedures-only flag, said on the step");
    assertEquals("refund_order", browser.findElement(By.cssSelector("#procedure-tools option")).getDomAttribute("value"),
        "the tenant's tools offered to pick from");
    replace(STEPS + "2-arguments", "{\"reason\": \"{{reason}}\"}");
    browser.findElement(By.id(STEPS + "2-as")).sendKeys("refund");
    word(STEPS + "3-say", "Done.", SAY_DE);

    browser.findElement(By.id("tab-json")).click();
    JsonNode procedure = JSON.readTree(browser.findElement(By.id("draft-editor")).getDomProperty("value")).path("procedures").path(0);
    assertEquals(JSON.readTree("""
        {"name": "refund", "description": "The customer wants their money back", "inputs": {"type": "object", "properties": {}},
         "steps": [
          {"ask": "reason", "prompt": "%s", "schema": {"type": "string"}, "texts": {"de": "%s"}},
          {"check": "size(reason) > 0"},
          {"tool": "refund_order", "arguments": {"reason": "{{reason}}"}, "as": "refund"},
          {"say": "Done.", "texts": {"de": "%s"}}]}
        """.formatted(ASK_EN, ASK_DE, SAY_DE)), procedure, "the JSON tab holds the cards' procedure");
    WebElement editor = browser.findElement(By.id("draft-editor"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[0].value.replace('\"Done.\"', arguments[1])",
        editor, JSON.writeValueAsString(SAY_EN));
    browser.findElement(By.id("tab-form")).click();
    // The say's field still shows German: the bot's own text, now the JSON's, stands in as its placeholder.
    await("the card holds the JSON's text", b -> SAY_EN.equals(b.findElement(By.id(STEPS + "3-say")).getDomAttribute("placeholder")));
    assertEquals(SAY_DE, browser.findElement(By.id(STEPS + "3-say")).getDomProperty("value"));
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme((ChromeDriver) browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
    TestChromium.colourScheme((ChromeDriver) browser, "light");
    ((JavascriptExecutor) browser).executeScript("document.querySelector(\"[data-field='procedures[0]']\").scrollIntoView()");
    Files.write(Path.of("target/admin-console-procedure-editor.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    click(By.id("publish"));
    await("asked to publish", b -> b.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-yes")).click();
    await("published", b -> b.findElement(By.id("draft-status")).getText().startsWith("Published as version"));

    try (ChatClient customer = ChatClient.connect(staff.node.httpPort(), TENANT)) {
      customer.startIn("de");
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{}")));
      assertEquals(ASK_DE, customer.answerTo("c-1", "Ich möchte mein Geld zurück"), "the company's German question");
      String answered = customer.say("c-2", "Sie kam kaputt an").get("turnId").asText();
      JsonNode asked = customer.expect("approval");
      assertEquals("refund_order", asked.get("tool").asText());
      customer.send(ToolApprovalEndToEndTest.approve(asked.get("approvalId").asText(), true));
      assertEquals("Erledigt: Erstattung R-7 ist unterwegs.", customer.answerOf(answered).get("text").asText());
      assertEquals(1, refunds.requestCount(), "refunded once, once approved");
      assertTrue(refunds.requests().getFirst().body().contains("Sie kam kaputt an"), "the answer went to the tool");
    }
  }

  /** Writes {@code english} into the text {@code id}, then {@code german} with its switcher on German, the English the placeholder. */
  private void word(String id, String english, String german) {
    browser.findElement(By.id(id)).sendKeys(english);
    new Select(browser.findElement(By.id(id + "-language"))).selectByValue("de");
    await(id + " in German", b -> "de".equals(b.findElement(By.id(id)).getDomAttribute("lang")));
    WebElement field = browser.findElement(By.id(id));
    assertEquals("", field.getDomProperty("value"), "no German text yet");
    assertEquals(english, field.getDomAttribute("placeholder"), "the bot's own text stands in");
    field.sendKeys(german);
  }

  private void replace(String id, String text) {
    WebElement field = browser.findElement(By.id(id));
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
  }

  private void click(By by) {
    WebElement button = browser.findElement(by);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
    button.click();
  }

  @SuppressWarnings("unchecked")
  private List<String> kinds() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('[data-field=\"procedures[0].steps\"] > ol > li')].map((card) => card.dataset.kind)");
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class).until(condition::apply);
  }
}
