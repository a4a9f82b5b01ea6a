package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.testing.Awaiting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the bot remembers about a customer, seen and corrected by them in the widget and by an agent
 * in the agent console, in real Chromium on a real node whose fake model records what it is asked.
 * The customer told the bot her name and order in an earlier conversation; signed in on the
 * company's page, she opens "What you remember about me", corrects her name and deletes the past
 * conversation; her next message's request to the model carries the corrected name and nothing of
 * the old. An agent signed in with a password opens the conversation, sees the corrected name
 * beside it and deletes it; the next request carries it no more. axe-core finds no serious or
 * critical violation on the widget's memory view and the console's, in light and dark colours. On
 * the shop's Arabic page, the widget labels what is left in Arabic, right to left.
 */
class UserMemoryBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "pk_acme_memory_view";
  private static final String TENANT = ShopWithStaff.TENANT;
  private static final String AGENT = "noor@acme.example";

  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  private final WidgetOnSite page = new WidgetOnSite(browser, WAIT);
  @RegisterExtension final ShopWithStaff shop =
      new ShopWithStaff(KEY, FakeChatCompletionsServer::echo, port -> WidgetOnSite.servePages(KEY, port));

  @BeforeEach
  void start() throws Exception {
    shop.staff().join(shop.staff().operator, null, AGENT, "agent");
  }

  @Test
  void theCustomerAndTheAgentCorrectAndDeleteWhatTheNextTurnRecalls() throws Exception {
    tellTheBot("ada", "My name is Ada Lovelace and my order number is 1042.");

    browser.get(shop.page("/"));
    page.await("the launcher", b -> page.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    page.script("Parley.identify(arguments[0])", TestIdentity.customerToken(TENANT, Optional.of("ada")));
    page.script("Parley.open()");
    page.await("the memory button, for a signed-in customer", b -> memoryButton().isDisplayed());
    WebElement memoryButton = memoryButton();
    assertEquals("What you remember about me", memoryButton.getDomAttribute("aria-label"));
    memoryButton.click();
    page.await("her name and the past conversation", b -> widgetItem("Your name") != null && widgetItem("A past conversation") != null);
    assertEquals("Ada Lovelace", widgetItem("Your name").findElement(By.cssSelector("span:not(.memory-label)")).getText());
    for (String scheme : List.of("light", "dark")) {
      page.script("document.querySelector('parley-widget').dataset.theme = arguments[0]", scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the widget's memory, " + scheme);
    }

    widgetItem("Your name").findElement(By.xpath(".//button[text()='Correct']")).click();
    WebElement input = widgetItem("Your name").findElement(By.cssSelector("textarea"));
    input.clear();
    input.sendKeys("Ada King");
    widgetItem("Your name").findElement(By.xpath(".//button[text()='Save']")).click();
    page.await("the corrected name", b -> widgetItem("Your name") != null
        && "Ada King".equals(widgetItem("Your name").findElement(By.cssSelector("span:not(.memory-label)")).getText()));
    widgetItem("A past conversation").findElement(By.xpath(".//button[text()='Delete']")).click();
    page.await("the past conversation deleted", b -> widgetItem("A past conversation") == null);

    WebElement back = page.widget().findElement(By.cssSelector(".memory-back"));
    assertEquals("Back to the conversation", back.getText());
    back.click();
    WebElement composer = page.widget().findElement(By.cssSelector("#parley-input"));
    page.await("the conversation back", b -> composer.isDisplayed());
    composer.sendKeys("Where is my parcel?", Keys.ENTER);
    page.await("the answer", b -> page.answers().contains("You said: Where is my parcel?"));
    String prompt = requestFor("Where is my parcel?").body().toString();
    assertTrue(prompt.contains("Ada King"), "the corrected name reaches the model: " + prompt);
    assertFalse(prompt.contains("Lovelace"), "neither the old name nor the deleted conversation: " + prompt);
    String sessionId = browser.findElement(By.cssSelector("parley-widget")).getDomAttribute("data-session");

    String widgetWindow = browser.getWindowHandle();
    browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    browser.get("http://127.0.0.1:" + shop.staff().node.httpPort() + "/agent?tenant=" + TENANT);
    browser.findElement(By.id("agent-email")).sendKeys(AGENT);
    browser.findElement(By.id("agent-password")).sendKeys("a long enough password");
    browser.findElement(By.id("signin-button")).click();
    page.await("signed in with the password", b -> "online".equals(b.findElement(By.id("console-status")).getDomAttribute("data-state")));
    AdminConsolePage.openFromAllOpen(browser, sessionId);
    By name = By.cssSelector("#memory li[data-memory]");
    page.await("the memory beside a signed-in customer's conversation", b -> b.findElement(By.id("memory-box")).isDisplayed());
    browser.findElement(By.cssSelector("#memory-box summary")).click();
    page.await("the corrected name in it", b -> b.findElements(name).stream().anyMatch(item -> item.getText().contains("Ada King")));
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme((ChromeDriver) browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the console's memory, " + scheme);
    }
    TestChromium.colourScheme((ChromeDriver) browser, "light");
    WebElement corrected = browser.findElements(name).stream().filter(item -> item.getText().contains("Ada King")).findFirst().orElseThrow();
    corrected.findElement(By.xpath(".//button[text()='Delete']")).click();
    page.await("the name deleted", b -> b.findElements(name).stream().noneMatch(item -> item.getText().contains("Ada King")));

    browser.switchTo().window(widgetWindow);
    page.widget().findElement(By.cssSelector("#parley-input")).sendKeys("Any news since?", Keys.ENTER);
    page.await("the next answer", b -> page.answers().contains("You said: Any news since?"));
    String next = requestFor("Any news since?").body().toString();
    assertFalse(next.contains("Ada King"), "the name the agent deleted is gone: " + next);
    assertTrue(next.contains("1042"), "the order number, never deleted, is still recalled: " + next);

    // On the shop's Arabic page, in a new visit (an English conversation resumed would stay English),
    // the widget labels what it remembers in Arabic, right to left. The panel is closed first: a panel
    // open when the page is left opens again on the next page, once that widget has connected, and
    // writes that it is open anew, after the storage below was cleared.
    page.script("Parley.close()");
    page.await("the panel closed", b -> page.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    browser.get(shop.page("/ar"));
    page.script("localStorage.clear(); sessionStorage.clear()");
    browser.navigate().refresh();
    page.await("the launcher on the Arabic page", b -> page.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    page.script("Parley.identify(arguments[0])", TestIdentity.customerToken(TENANT, Optional.of("ada")));
    page.script("Parley.open()");
    page.await("the memory button, in Arabic", b -> memoryButton().isDisplayed());
    WebElement arabicMemory = memoryButton();
    assertEquals("ما تتذكره عني", arabicMemory.getDomAttribute("aria-label"));
    arabicMemory.click();
    page.await("the order number, labelled in Arabic", b -> widgetItem("رقم الطلب") != null);
    assertEquals("1042", widgetItem("رقم الطلب").findElement(By.cssSelector("span:not(.memory-label)")).getText());
    assertEquals("rtl", page.script("return getComputedStyle(arguments[0]).direction", widgetItem("رقم الطلب")));
    for (String scheme : List.of("light", "dark")) {
      page.script("document.querySelector('parley-widget').dataset.theme = arguments[0]", scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the widget's memory in Arabic, " + scheme);
    }
  }

  /** An earlier conversation of {@code user}, closed, so that long-term memory holds what they told the bot. */
  private void tellTheBot(String user, String text) throws Exception {
    try (ChatClient customer = ChatClient.connectAs(shop.staff().node.httpPort(), TENANT, Optional.of(user))) {
      customer.startNew();
      customer.answerOf(customer.say("told-1", text).get("turnId").asText());
      customer.send(ChatClient.frame("close"));
      customer.expect("closed");
    }
    Awaiting.await("the memory of " + user).atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
        TestIdentity.call(shop.staff().node.httpPort(), "GET", "/v1/users/" + user + "/memory", "Bearer " + TestIdentity.adminKey(TENANT),
            null).body().contains("Lovelace"));
  }

  /** The header's button to the memory: made once Parley.identify() has connected as the user, not before. */
  private WebElement memoryButton() {
    return page.widget().findElement(By.cssSelector(".head button.me"));
  }

  /** The widget's memory item labelled {@code label}, or null. */
  private WebElement widgetItem(String label) {
    return page.widget().findElements(By.cssSelector(".memory-item")).stream()
        .filter(item -> item.findElement(By.cssSelector(".memory-label")).getText().equals(label)).findFirst().orElse(null);
  }

  private RecordedRequest requestFor(String userText) {
    return shop.model().requests().stream().filter(r -> userText.equals(r.lastUserMessage())).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("the model was never asked " + userText));
  }
}
