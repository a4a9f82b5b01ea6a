package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestH2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in a real browser: the system's headless Chromium, driven through its
 * chromedriver by Selenium, against a node on a random loopback port (H2, offline mode). It covers
 * what only a browser shows: two tabs sharing localStorage, the in-page confirmation of "New
 * conversation", the reconnect banner across a node restart, and page loads that start no
 * conversation until the customer writes.
 */
class WebPageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * The node the tests that keep it running talk to, one for the class: each test's browser has a
   * profile of its own, so its page starts a conversation of its own. The test that restarts its
   * node starts one of its own.
   */
  @TempDir static Path sharedDataDir;
  private static ParleyNode sharedNode;
  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.plain();
  private final WebDriver browser = chromium.browser();
  private ParleyNode node;

  @BeforeAll
  static void startShared() {
    sharedNode = startNode(sharedDataDir, 0);
  }

  @AfterAll
  static void stopShared() {
    if (sharedNode != null) sharedNode.close();
  }

  @BeforeEach
  void start() {
    node = sharedNode;
  }

  @AfterEach
  void stop() {
    if (node != null && node != sharedNode) node.close();
  }

  @Test
  void tabsFollowANewConversationAndThePageReconnectsAfterANodeRestart() throws Exception {
    node = startNode(dataDir, 0);
    String page = "http://127.0.0.1:" + node.httpPort() + "/";
    browser.get(page);
    String firstTab = browser.getWindowHandle();
    awaitOnline();
    assertEveryToolOfTheNodeHasItsOwnLabel();
    send("How do I reset my password?");
    await("the offline answer", b -> assistantAnswers().size() == 1);
    assertTrue(browser.findElement(By.id("offline-banner")).isDisplayed(), "no model is configured");
    assertTrue(assistantAnswers().get(0).toLowerCase(Locale.ROOT).contains("password"), assistantAnswers().toString());
    String oldSession = storedSessionId();

    browser.switchTo().newWindow(WindowType.WINDOW);
    browser.get(page);
    String secondTab = browser.getWindowHandle();
    awaitOnline();
    await("the same conversation, resumed from the store", b -> bubbles().size() == 2);

    browser.findElement(By.id("new-conversation")).click();
    WebElement dialog = browser.findElement(By.id("confirm-new"));
    await("the confirmation", b -> dialog.isDisplayed());
    assertEquals(oldSession, storedSessionId(), "nothing happens before the user confirms");
    dialog.findElement(By.cssSelector("button[value=confirm]")).click();
    await("the old session forgotten", b -> storedSessionId() == null);
    await("the transcript cleared", b -> bubbles().isEmpty());
    awaitOnline();

    // The new conversation starts with its first message; the other tab follows it there.
    send("Where is my order?");
    await("a new session in the store", b -> storedSessionId() != null && !oldSession.equals(storedSessionId()));
    String newSession = storedSessionId();
    await("an answer in the new session", b -> assistantAnswers().size() == 1);
    assertEquals(List.of("Where is my order?"), userTexts(session(newSession)));
    JsonNode old = session(oldSession);
    assertEquals(List.of("How do I reset my password?"), userTexts(old));
    assertNotEquals("open", old.get("status").asText(), "New conversation closed the old session: " + old);
    browser.switchTo().window(firstTab);
    await("the first tab showing the second one's conversation", b -> bubbles().size() == 2
        && bubbles().get(0).getText().contains("Where is my order?"));
    browser.switchTo().window(secondTab);

    // The node goes away: the banner offers to retry; once the node is back, the page resumes.
    int port = node.httpPort();
    node.close();
    node = null;
    WebElement banner = browser.findElement(By.id("connection-banner"));
    await("the reconnect banner", b -> banner.isDisplayed());
    assertTrue(banner.getText().contains("Reconnecting"), banner.getText());
    WebElement retry = browser.findElement(By.id("retry-now"));
    assertTrue(retry.isDisplayed() && retry.isEnabled());
    node = startNode(dataDir, port);
    // The page's own retry may reconnect it as the node comes back, hiding the banner under a real
    // click; the button's handler does nothing then, so it is pressed as the page would run it.
    ((JavascriptExecutor) browser).executeScript("arguments[0].click()", retry);
    awaitOnline();
    assertFalse(banner.isDisplayed());
    assertEquals(2, bubbles().size(), "resumed where it was, without duplicates");
    assertEquals(newSession, storedSessionId());
  }

  @Test
  void aCustomerWhoAsksForAPersonSeesTheirPlaceInLineUntilAnAgentTakesOver() throws Exception {
    try (ChatClient agent = ChatClient.agent(node.httpPort(), TestIdentity.DEFAULT_TENANT, "agent-dana", "Dana")) {
      agent.expect("hello");
      browser.get("http://127.0.0.1:" + node.httpPort() + "/");
      awaitOnline();
      send("Can I talk to a human, please?");
      WebElement place = browser.findElement(By.id("queue-place"));
      await("the place in line", b -> place.isDisplayed());
      assertTrue(place.getText().startsWith("You are number 1 in line (about "), place.getText());

      agent.send(ChatClient.frame("take").put("sessionId", storedSessionId()));
      await("the line gone once Dana answers", b -> !place.isDisplayed());
    }
  }

  /**
   * "New conversation" closes the old one, and the page asks for a rating of it: a score chosen in
   * the radio group and a comment are sent once (the closed session's rating over REST), the
   * customer is thanked when the node accepted it, and the closed session shows the rating; the
   * new conversation has none.
   */
  @Test
  void aClosedConversationIsRatedFromThePage() throws Exception {
    browser.get("http://127.0.0.1:" + node.httpPort() + "/");
    awaitOnline();
    WebElement rating = browser.findElement(By.id("rating"));
    assertFalse(rating.isDisplayed(), "no rating is asked for while the conversation is open");
    send("How do I reset my password?");
    await("the offline answer", b -> assistantAnswers().size() == 1);
    String closed = storedSessionId();

    browser.findElement(By.id("new-conversation")).click();
    WebElement dialog = browser.findElement(By.id("confirm-new"));
    await("the confirmation", b -> dialog.isDisplayed());
    dialog.findElement(By.cssSelector("button[value=confirm]")).click();
    await("the rating asked for", b -> rating.isDisplayed());
    assertEquals("How was this conversation?", browser.findElement(By.id("rating-title")).getText());
    await("the closed session forgotten", b -> storedSessionId() == null);

    WebElement four = browser.findElement(By.cssSelector("#rating input[name=score][value='4']"));
    assertEquals("4 of 5", ((JavascriptExecutor) browser).executeScript(
        "return arguments[0].closest('label').querySelector('.visually-hidden').textContent", four),
        "each choice is named for screen readers");
    four.findElement(By.xpath("..")).click(); // its label: the number the customer sees
    assertTrue(four.isSelected());
    browser.findElement(By.id("rating-comment")).sendKeys("Quick and clear.");
    browser.findElement(By.id("rating-send")).click();
    WebElement status = browser.findElement(By.id("rating-status"));
    await("the node's answer", b -> !status.getText().equals("Sending your rating…"));
    assertEquals("Thank you for your rating!", status.getText());
    assertFalse(rating.isDisplayed(), "asked once");

    JsonNode rated = session(closed).get("rating");
    assertEquals(4, rated.get("score").asInt(), rated.toString());
    assertEquals("Quick and clear.", rated.get("comment").asText());
    assertNull(storedSessionId(), "rating the old conversation started no new one: the next message does");
  }

  /** The page in the language it is asked for (?language=): German, and Arabic right to left. */
  @Test
  void thePageShowsItsTextsInTheLanguageAskedArabicRightToLeft() {
    browser.get("http://127.0.0.1:" + node.httpPort() + "/?language=de");
    await("the page in German", b -> "Nachricht schreiben…".equals(b.findElement(By.id("input")).getDomAttribute("placeholder")));
    assertEquals("Nachricht senden", browser.findElement(By.id("send")).getDomAttribute("aria-label"));
    assertEquals("Wie war dieses Gespräch?", browser.findElement(By.id("rating-title")).getDomProperty("textContent"));
    await("online, in German", b -> "Online".equals(b.findElement(By.cssSelector("#status .status__text")).getText()));
    assertEquals("de", browser.findElement(By.tagName("html")).getDomAttribute("lang"));

    browser.get("http://127.0.0.1:" + node.httpPort() + "/?language=ar");
    await("the page in Arabic", b -> "اكتب رسالة…".equals(b.findElement(By.id("input")).getDomAttribute("placeholder")));
    WebElement html = browser.findElement(By.tagName("html"));
    assertEquals("rtl", html.getDomAttribute("dir"));
    assertEquals("ar", html.getDomAttribute("lang"));
    assertEquals("إرسال الرسالة", browser.findElement(By.id("send")).getDomAttribute("aria-label"));
    await("online, in Arabic", b -> "متصل".equals(b.findElement(By.cssSelector("#status .status__text")).getText()));
    WebElement input = browser.findElement(By.id("input"));
    assertTrue(browser.findElement(By.id("send")).getRect().getX() < input.getRect().getX(),
        "the send button at the line's start, to the input's left");
  }

  /**
   * Loading the page starts no conversation: no socket, nothing in the list of conversations, the
   * page online all the same (the node answered it). The customer's first message opens the one
   * socket and starts the one conversation.
   */
  @Test
  void pageLoadsStartNoConversationTheCustomersFirstMessageDoes() throws Exception {
    ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        window.socketsOpened = 0;
        const NativeWebSocket = window.WebSocket;
        window.WebSocket = class extends NativeWebSocket {
          constructor(...args) { super(...args); window.socketsOpened++; }
        };"""));
    Instant loaded = Instant.now();
    for (int load = 0; load < 3; load++) {
      browser.get("http://127.0.0.1:" + node.httpPort() + "/");
      awaitOnline();
      assertEquals(0L, script("return window.socketsOpened"), "no socket: no session on the node");
    }
    assertNull(storedSessionId());

    send("How do I reset my password?");
    await("the offline answer", b -> assistantAnswers().size() == 1);
    assertEquals(1L, script("return window.socketsOpened"));
    String session = storedSessionId();
    // The list is a projection of the journal: the conversation shows up in it a little later.
    await("the conversation listed", b -> startedSince(loaded).contains(session));
    assertEquals(List.of(session), startedSince(loaded), "three page loads and one message: one conversation");
  }

  /** The conversations of the default tenant started since {@code from}, as its admin lists them. */
  private List<String> startedSince(Instant from) {
    try {
      HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET",
          "/v1/conversations?tenant=" + TestIdentity.DEFAULT_TENANT + "&from=" + from + "&limit=200", null);
      assertEquals(200, response.statusCode(), response.body());
      return StreamSupport.stream(JSON.readTree(response.body()).get("conversations").spliterator(), false)
          .map(row -> row.get("sessionId").asText()).toList();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the conversations", e);
    }
  }

  private Object script(String source) {
    return ((JavascriptExecutor) browser).executeScript(source);
  }

  /**
   * While the model runs a tool, the answer's bubble says what it is doing. The page's labels are
   * keyed by tool name, so each tool the node offers must find its own, not the generic one; a
   * failed call reads as the pack's plain words, as the node sends customers no reason.
   */
  private void assertEveryToolOfTheNodeHasItsOwnLabel() {
    List<String> names = node.tools().names();
    @SuppressWarnings("unchecked")
    List<String> labels = (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
        const names = arguments[0], done = arguments[arguments.length - 1];
        import('./chat.js').then((chat) => done(names.map((name) => chat.toolActivity(name, 'started'))),
            (failure) => done([String(failure)]));""", names);
    assertEquals(List.of("Searching the knowledge base…", "Creating a support ticket…", "Checking the status…"), labels,
        "the labels of " + names);
    Object failed = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + " import('./chat.js').then((chat) => done(chat.toolActivity('order_status', 'failed')), (f) => done(String(f)));");
    assertEquals("I couldn't look that up just now.", failed, "a failed call in the page's own words, whatever the reason");
  }

  private static ParleyNode startNode(Path dataDir, int port) {
    return ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(),
        Map.of("parley.http.port", port)));
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }

  private void awaitOnline() {
    await("the page online", b -> "online".equals(b.findElement(By.id("status")).getAttribute("data-state")));
  }

  private void send(String text) {
    browser.findElement(By.id("input")).sendKeys(text, Keys.ENTER);
  }

  private List<WebElement> bubbles() {
    return browser.findElements(By.cssSelector("#messages > li"));
  }

  private List<String> assistantAnswers() {
    return browser.findElements(By.cssSelector("#messages > li.msg--assistant.is-final .bubble__text")).stream()
        .map(WebElement::getText).toList();
  }

  private String storedSessionId() {
    return (String) ((JavascriptExecutor) browser)
        .executeScript("return localStorage.getItem('parley.session.default')");
  }

  private JsonNode session(String id) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/sessions/" + id);
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static List<String> userTexts(JsonNode session) {
    return StreamSupport.stream(session.get("messages").spliterator(), false)
        .filter(m -> "user".equals(m.get("role").asText())).map(m -> m.get("text").asText()).toList();
  }
}
