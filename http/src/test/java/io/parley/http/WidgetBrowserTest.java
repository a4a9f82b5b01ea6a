package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.testing.Awaiting;
import io.parley.core.testing.LoopbackHttpServers;
import io.parley.persistence.testing.TestH2;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The embeddable widget in real Chromium on a company's page: the page comes from another origin
 * (127.0.0.1 on a port of its own) than the node (localhost), under a strict Content-Security-Policy
 * and a stylesheet that tries to restyle everything. The widget loads from the node, talks to it
 * with the tenant's publishable key, and the page's own script ({@code spy.js}, from the page's
 * origin as the policy wants) counts the console errors and the sockets opened. It runs alone: the
 * microphone test loads the speech engines.
 */
@RunsAlone
class WidgetBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TENANT = "acme";
  private static final String KEY = "pk_acme_widget_test";
  private static final String RED = "rgba(255, 0, 0, 1)";

  @TempDir static Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.withArguments(BrowserPerTest.FAKE_MEDIA);
  private final WebDriver browser = chromium.browser();
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;
  private static int nodePort;
  private static HttpServer allowedSite;
  private static HttpServer foreignSite;

  @BeforeAll
  static void startNodeAndSites() throws Exception {
    model = FakeChatCompletionsServer.start();
    allowedSite = site();
    foreignSite = site();
    node = startNode(0);
    nodePort = node.httpPort();
    HttpResponse<String> published = TestIdentity.asAdmin(nodePort, "PUT", "/v1/config?tenant=" + TENANT,
        "{\"config\": {\"widget\": {\"sound\": true}}}");
    assertEquals(200, published.statusCode(), published.body());
  }

  @AfterAll
  static void stopAll() {
    if (node != null) node.close();
    if (model != null) model.close();
    if (allowedSite != null) allowedSite.stop(0);
    if (foreignSite != null) foreignSite.stop(0);
  }

  @Test
  void aCustomerChatsOnACompanysPageAcrossReloadsTabsSignInHandoffAndAnOutage() throws Exception {
    String page = siteUrl(allowedSite);
    browser.get(page);
    assertEquals(RED, browser.findElement(By.id("page-text")).getCssValue("color"), "the page's hostile CSS applies to the page");
    await("the launcher", b -> launcher().isDisplayed());
    assertEquals(1, browser.findElements(By.cssSelector("parley-widget")).size(), "the page loads the script twice, one widget");
    assertNotEquals(RED, launcher().getCssValue("color"), "the page's CSS does not reach the widget");
    assertEquals(List.of(), consoleErrors());

    launcher().click();
    await("the panel open, the cursor in its input", b -> panel().isDisplayed()
        && Boolean.TRUE.equals(script("return document.activeElement?.shadowRoot?.activeElement?.tagName === 'TEXTAREA'")));
    awaitReady();
    script("""
        const log = document.querySelector('parley-widget').shadowRoot.querySelector('.log');
        window.partials = [];
        new MutationObserver(() => {
          const streaming = log.querySelector('[aria-busy] .text');
          if (streaming) window.partials.push(streaming.textContent);
        }).observe(log, { subtree: true, childList: true, characterData: true });""");
    script("Parley.setContext({url: 'https://www.acme.example/pricing', plan: 'pro', cart: {items: 2}})");
    send("How do I reset my password?");
    await("the answer", b -> finalAnswers().equals(List.of("You said: How do I reset my password?")));
    assertTrue(requestFor("How do I reset my password?").body().toString().contains("https://www.acme.example/pricing"),
        "the page's context reaches the model");
    @SuppressWarnings("unchecked")
    List<String> partials = (List<String>) script("return window.partials");
    assertTrue(partials.stream().distinct().count() > 1 && partials.stream().allMatch("You said: How do I reset my password?"::startsWith),
        "the answer streamed in pieces: " + partials);
    String session = widgetAttribute("data-session");
    assertEquals(JSON.readTree("{\"language\": \"" + script("return navigator.language")
        + "\", \"plan\": \"pro\", \"url\": \"https://www.acme.example/pricing\"}"),
        sessionAsAdmin(session).get("context"), "the nested field left out, the others kept, the browser's language added");

    browser.navigate().refresh();
    await("the conversation resumed after a reload", b -> bubbleTexts().equals(
        List.of("How do I reset my password?", "You said: How do I reset my password?")));
    assertEquals(session, widgetAttribute("data-session"));
    await("the panel open again, as it was before the reload", b -> panel().isDisplayed() && !launcher().isDisplayed());
    assertFalse(badge().isDisplayed(), "what was read before the reload is not unread");
    script("Parley.close()");
    browser.navigate().refresh();
    await("the conversation resumed after another reload", b -> bubbleTexts().size() == 2 && launcher().isDisplayed());
    assertFalse(panel().isDisplayed(), "a panel closed before the reload stays closed");
    script("window.unreadCounts = []; Parley.on('unread', ({count}) => unreadCounts.push(count))");

    String firstTab = browser.getWindowHandle();
    browser.switchTo().newWindow(WindowType.TAB);
    browser.get(page);
    await("the second tab in the same conversation", b -> bubbleTexts().size() == 2);
    launcher().click();
    awaitOnline();
    send("Where is my order?");
    await("the second tab's answer", b -> finalAnswers().size() == 2);
    browser.switchTo().window(firstTab);
    await("the first tab following, its badge counting the unread answer", b -> badge().isDisplayed() && badge().getText().equals("1"));
    assertEquals(1L, script("return window.tones"), "the tenant's widget.sound: one tone for the unread answer");
    script("Parley.open()");
    assertEquals(List.of(1L, 0L), script("return unreadCounts"), "the page is told of the unread answer, then of none");
    assertEquals(List.of("How do I reset my password?", "You said: How do I reset my password?", "Where is my order?",
        "You said: Where is my order?"), bubbleTexts());
    assertFalse(badge().isDisplayed());

    seedMemory("ada", "My name is Ada Lovelace and my order 1042 is late.");
    send("Is my parcel on its way?");
    await("the anonymous answer", b -> finalAnswers().contains("You said: Is my parcel on its way?"));
    assertFalse(requestFor("Is my parcel on its way?").body().toString().contains("Lovelace"),
        "an anonymous customer is told nothing of Ada");

    try (ChatClient agent = ChatClient.agent(nodePort, TENANT, "agent-dana", "Dana")) {
      agent.expect("hello");
      send("Can I talk to a human, please?");
      await("the place in line", b -> status().isDisplayed() && status().getText().startsWith("You are number 1 in line"));
      assertEquals("waiting_for_agent", widgetAttribute("data-handoff"));
      assertNoSeriousAccessibilityViolation();
      script("document.querySelector('parley-widget').dataset.theme = 'dark'");
      assertEquals("rgba(22, 24, 29, 1)", panel().getCssValue("background-color"), "the dark scheme");
      assertNoSeriousAccessibilityViolation();
      Dimension desktop = browser.manage().window().getSize();
      browser.manage().window().setSize(BrowserPerTest.PHONE);
      await("the panel full screen on a phone", b -> panel().getRect().getWidth() == ((Number) script("return innerWidth")).intValue()
          && panel().getRect().getHeight() == ((Number) script("return innerHeight")).intValue());
      assertNoSeriousAccessibilityViolation();
      script("document.querySelector('parley-widget').dataset.theme = 'light'");
      assertNoSeriousAccessibilityViolation();
      browser.manage().window().setSize(desktop);

      agent.send(ChatClient.frame("take").put("sessionId", session));
      await("the agent announced", b -> status().getText().equals("Dana joined the conversation."));
      assertEquals("agent", widgetAttribute("data-handoff"));
      agent.send(ChatClient.frame("reply").put("sessionId", session).put("clientMsgId", "a-1").put("text", "Dana here, checking."));
      await("the agent's message with her name and initials", b -> shadow().findElements(By.cssSelector(".log > li[data-role=agent]"))
          .stream().anyMatch(message -> text(message.findElement(By.cssSelector(".author"))).equals("DDana")
              && text(message.findElement(By.cssSelector(".author .initials"))).equals("D")));
    }

    shadow().findElement(By.cssSelector(".composer textarea")).sendKeys(Keys.ESCAPE);
    await("Escape closes the panel, the focus back on the launcher", b -> !panel().isDisplayed()
        && Boolean.TRUE.equals(script("return document.activeElement?.shadowRoot?.activeElement?.classList.contains('launcher')")));
    script("Parley.open()");

    script("Parley.identify(arguments[0])", TestIdentity.customerToken(TENANT, Optional.of("ada")));
    await("Ada's panel, empty until she writes", b -> "idle".equals(widgetAttribute("data-state")) && bubbleTexts().isEmpty());
    send("Any news about order 1042?");
    await("Ada's answer", b -> finalAnswers().contains("You said: Any news about order 1042?"));
    assertTrue(requestFor("Any news about order 1042?").body().toString().contains("Ada Lovelace"),
        "Ada's memory is recalled for Ada");
    String adasSession = widgetAttribute("data-session");

    node.close();
    node = null;
    await("the offline state", b -> status().isDisplayed() && status().getText().startsWith("You are offline"));
    send("First while offline");
    script("Parley.send('Second while offline')");
    node = startNode(nodePort);
    await("both answered once the node is back", b -> finalAnswers().containsAll(
        List.of("You said: First while offline", "You said: Second while offline")));
    awaitOnline();
    assertEquals(List.of("Any news about order 1042?", "First while offline", "Second while offline"),
        userTexts(sessionAsAdmin(adasSession)), "sent once each, in order");
    assertEquals(List.of(), consoleErrors());
  }

  /**
   * A page that loads the widget, even opened and closed, starts no conversation (no socket, nothing
   * in the tenant's list): three loads, then a message, make one conversation. The greeting shows
   * before it and stays after a reload; messages carry their time.
   */
  @Test
  void pageLoadsStartNoConversationTheCustomersFirstMessageDoes() throws Exception {
    List<String> before = listedSessions();
    for (int load = 0; load < 3; load++) {
      browser.get(siteUrl(allowedSite));
      await("the widget ready and idle", b -> "idle".equals(widgetAttribute("data-state")));
    }
    launcher().click();
    await("the greeting before any conversation", b -> !shadow().findElements(By.cssSelector(".log > li[data-greeting]")).isEmpty());
    shadow().findElement(By.cssSelector(".close")).click();
    assertEquals(0L, script("return window.socketsOpened"), "no socket: no session on the node");

    launcher().click();
    send("Do you ship to Norway?");
    await("the answer", b -> finalAnswers().size() == 1);
    String session = widgetAttribute("data-session");
    assertEquals(1L, script("return window.socketsOpened"));
    assertTrue(shadow().findElement(By.cssSelector(".log > li[data-role=user] time")).getDomProperty("dateTime").startsWith("20"),
        "the message's time");
    browser.navigate().refresh();
    await("the conversation and its greeting after a reload", b -> bubbleTexts().size() == 2
        && !shadow().findElements(By.cssSelector(".log > li[data-greeting]")).isEmpty());

    List<String> added = Awaiting.await("the conversation listed").atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> listedSessions().stream().filter(id -> !before.contains(id)).toList(), listed -> !listed.isEmpty());
    assertEquals(List.of(session), added, "three page loads and one message: one conversation");
    assertEquals(List.of(), consoleErrors());
  }

  private static List<String> listedSessions() throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(nodePort, "GET", "/v1/conversations?tenant=" + TENANT + "&limit=200", null);
    assertEquals(200, response.statusCode(), response.body());
    return StreamSupport.stream(JSON.readTree(response.body()).get("conversations").spliterator(), false)
        .map(row -> row.get("sessionId").asText()).toList();
  }

  /** Voice runs under the site's policy: voice.js and its audio worklet come from the node, as the policy allows. */
  @Test
  void theMicrophoneStartsAndStopsUnderTheSitesPolicy() {
    browser.get(siteUrl(allowedSite));
    await("the launcher", b -> launcher().isDisplayed());
    launcher().click();
    awaitReady();
    WebElement microphone = shadow().findElement(By.cssSelector(".mic"));
    await("the microphone offered: the node can talk", b -> microphone.isDisplayed());
    microphone.click();
    new WebDriverWait(browser, Duration.ofSeconds(90)).withMessage("voice on")
        .until(b -> "true".equals(microphone.getAttribute("aria-pressed")));
    microphone.click();
    await("voice off", b -> "false".equals(microphone.getAttribute("aria-pressed")));
    assertEquals(List.of(), consoleErrors());
  }

  /**
   * The conversation ends elsewhere (its session closed over REST): the widget asks how it was, and
   * the customer's comment and score go once, over REST, the socket having ended with the session.
   */
  @Test
  void aCustomerRatesAConversationThatEnded() throws Exception {
    browser.get(siteUrl(allowedSite));
    await("the launcher", b -> launcher().isDisplayed());
    launcher().click();
    awaitReady();
    send("How do I reset my password?");
    await("the answer", b -> finalAnswers().size() == 1);
    String session = widgetAttribute("data-session");
    WebElement rating = shadow().findElement(By.cssSelector(".rating"));
    assertFalse(rating.isDisplayed(), "no rating is asked for while the conversation is open");
    script("window.ratings = []; Parley.on('rated', (rated) => ratings.push(rated.score))");

    assertEquals(200, TestIdentity.asAdmin(nodePort, "DELETE", "/v1/sessions/" + session + "?tenant=" + TENANT, null).statusCode());
    await("the rating asked for", b -> rating.isDisplayed());
    assertTrue(rating.getText().startsWith("How was this conversation?"), rating.getText());
    shadow().findElement(By.cssSelector(".rating textarea")).sendKeys("Clear answer");
    shadow().findElement(By.cssSelector(".rating button[aria-label='4 of 5']")).click();
    await("the thanks", b -> shadow().findElement(By.cssSelector(".rating [role=status]")).getText().equals("Thank you for your rating!"));

    JsonNode rated = sessionAsAdmin(session).get("rating");
    assertEquals(4, rated.get("score").asInt(), rated.toString());
    assertEquals("Clear answer", rated.get("comment").asText());
    assertEquals(List.of(4L), script("return window.ratings"), "the page hears of it");
    shadow().findElement(By.cssSelector(".rating .again")).click();
    await("a new, empty conversation", b -> !rating.isDisplayed() && bubbleTexts().isEmpty()
        && "idle".equals(widgetAttribute("data-state")));
    assertEquals(List.of(), consoleErrors());
  }

  /**
   * Nobody can take the conversation (no agent online): the widget asks for an email, optional; a
   * mistyped one is refused next to the field before it leaves the page; one sent is answered by the
   * node's notice, honest that this node sends no email, and the prompt goes.
   */
  @Test
  void aCustomerNobodyCanAnswerIsAskedForAnEmail() throws Exception {
    browser.get(siteUrl(allowedSite));
    await("the launcher", b -> launcher().isDisplayed());
    launcher().click();
    awaitReady();
    By contactPrompt = By.cssSelector(".contact-prompt");
    assertTrue(shadow().findElements(contactPrompt).stream().noneMatch(WebElement::isDisplayed),
        "no email is asked for while the bot answers (the prompt loads with the first notice)");
    send("Can I talk to a human please?");
    await("the email asked for", b -> shadow().findElement(contactPrompt).isDisplayed());
    WebElement prompt = shadow().findElement(contactPrompt);
    assertTrue(prompt.getText().startsWith("Nobody from our team can answer right now."), prompt.getText());
    assertNoSeriousAccessibilityViolation();

    WebElement email = shadow().findElement(By.cssSelector(".contact-prompt input[type=email]"));
    email.sendKeys("ann@example");
    shadow().findElement(By.cssSelector(".contact-prompt .contact-send")).click();
    await("the address refused", b -> text(shadow().findElement(By.cssSelector(".contact-prompt [role=status]")))
        .equals("That doesn't look like an email address (name@example.com)."));
    assertEquals("true", email.getDomAttribute("aria-invalid"));
    email.clear();
    email.sendKeys("ann.lee@example.com");
    shadow().findElement(By.cssSelector(".contact-prompt .contact-send")).click();
    await("the node's answer, and the prompt gone", b -> !prompt.isDisplayed() && bubbleTexts().stream().anyMatch(
        text -> text.startsWith("We'll reply here when you come back: replies by email are not available here")));
    assertEquals(List.of(), consoleErrors());
  }

  /** A German page's widget (data-language="de") speaks German, and its conversation is German from the start. */
  @Test
  void aGermanPagesWidgetShowsItsTextsInGerman() throws Exception {
    browser.get(siteUrl(allowedSite) + "?language=de");
    await("the launcher", b -> launcher().isDisplayed());
    assertEquals("Chatten Sie mit uns", launcher().getText());
    launcher().click();
    awaitReady();
    WebElement input = shadow().findElement(By.cssSelector(".composer textarea"));
    WebElement sendButton = shadow().findElement(By.cssSelector(".composer .send"));
    assertEquals("Nachricht schreiben…", input.getDomAttribute("placeholder"));
    assertEquals("Senden", sendButton.getText());
    assertEquals("Nachricht senden", sendButton.getDomAttribute("aria-label"));
    assertEquals("Chat schließen", shadow().findElement(By.cssSelector(".close")).getDomAttribute("aria-label"));
    assertEquals("Gespräch", shadow().findElement(By.cssSelector(".log")).getDomAttribute("aria-label"));
    assertEquals("Nachricht", shadow().findElement(By.cssSelector("label[for=parley-input]")).getDomProperty("textContent"));
    assertEquals("Hallo! Wie können wir helfen?", text(shadow().findElement(By.cssSelector(".log > li[data-greeting] .text"))));
    assertEquals("de", panel().getDomAttribute("lang"));
    assertEquals("ltr", panel().getDomAttribute("dir"));
    send("Wie setze ich mein Passwort zurück?");
    await("the answer", b -> finalAnswers().size() == 1);
    JsonNode language = sessionAsAdmin(widgetAttribute("data-session")).get("language");
    assertEquals("de", language.get("tag").asText(), language.toString());
    assertEquals("start", language.get("source").asText(), language.toString());
    assertEquals("5 von 5", shadow().findElement(By.cssSelector(".rating .score:last-child")).getDomAttribute("aria-label"));
    assertEquals(List.of(), consoleErrors());
  }

  /**
   * A page whose language the node knows no language by (<html lang="zz">) gets English texts; the
   * node decides the conversation's language, and when it is another (the customer writes German), the texts follow,
   * there and after a reload.
   */
  @Test
  void theTextsFollowTheLanguageTheNodeDecides() {
    browser.get(siteUrl(allowedSite) + "?lang=zz");
    await("the launcher", b -> launcher().isDisplayed());
    launcher().click();
    awaitReady();
    WebElement input = shadow().findElement(By.cssSelector(".composer textarea"));
    assertEquals("Write a message…", input.getDomAttribute("placeholder"));
    send("Guten Tag, ich möchte gerne wissen, wie ich mein Passwort für das Kundenkonto zurücksetzen kann.");
    await("the answer", b -> finalAnswers().size() == 1);
    await("the texts in German", b -> "Nachricht schreiben…".equals(input.getDomAttribute("placeholder")));
    assertEquals("de", panel().getDomAttribute("lang"));
    assertEquals("Senden", shadow().findElement(By.cssSelector(".composer .send")).getText());

    // Reloaded, the page is still "zz": the resumed conversation's session frame names German.
    browser.navigate().refresh();
    await("the texts in German after a reload", b -> "de".equals(panel().getDomAttribute("lang"))
        && "Nachricht schreiben…".equals(shadow().findElement(By.cssSelector(".composer textarea")).getDomAttribute("placeholder")));
    assertEquals(List.of(), consoleErrors());
  }

  /** An Arabic page (<html lang="ar">): the panel is right to left, mirrored, in Arabic, and accessible. */
  @Test
  void anArabicPagesWidgetIsRightToLeft() throws Exception {
    browser.get(siteUrl(allowedSite) + "?lang=ar");
    await("the launcher", b -> launcher().isDisplayed());
    launcher().click();
    awaitReady();
    assertEquals("rtl", panel().getDomAttribute("dir"));
    assertEquals("ar", panel().getDomAttribute("lang"));
    WebElement input = shadow().findElement(By.cssSelector(".composer textarea"));
    WebElement sendButton = shadow().findElement(By.cssSelector(".composer .send"));
    assertEquals("اكتب رسالة…", input.getDomAttribute("placeholder"));
    assertEquals("إرسال", sendButton.getText());
    assertEquals("إغلاق المحادثة", shadow().findElement(By.cssSelector(".close")).getDomAttribute("aria-label"));
    assertEquals("bottom-left", widgetAttribute("data-position"), "the launcher's corner mirrored");
    long width = (Long) script("return window.innerWidth");
    assertTrue(panel().getRect().getX() < width / 2, "the panel at the left: " + panel().getRect().getX());
    assertTrue(sendButton.getRect().getX() < input.getRect().getX(), "the send button at the start of the line, to the input's left");
    assertEquals("rtl", script("return getComputedStyle(arguments[0]).direction", input));
    assertNoSeriousAccessibilityViolation();
    assertEquals(List.of(), consoleErrors());
  }

  @Test
  void aPageOfAnotherSiteOrWithAWrongSettingGetsNoSocketAndOneConsoleErrorNamingIt() {
    assertShowsNothingAndSays(siteUrl(foreignSite), "an admin of the organisation adds it in Parley's admin console");
    assertFalse(consoleErrors().get(0).contains("PARLEY_") || consoleErrors().get(0).contains("allowedOrigins"),
        "a site's owner is pointed to the console, never to the node's settings: " + consoleErrors());
    assertShowsNothingAndSays(siteUrl(allowedSite) + "?key=pk_acme_mistyped", "data-key");
    assertShowsNothingAndSays(siteUrl(allowedSite) + "?tenant=", "data-tenant");
    assertShowsNothingAndSays(siteUrl(allowedSite) + "?tenant=initech-typo", "data-tenant");

    browser.get(siteUrl(allowedSite));
    await("the launcher", b -> launcher().isDisplayed());
    String expired = TestIdentity.signed(TestIdentity.claims(TENANT, Optional.of("ada"), List.of())
        .expirationTime(java.util.Date.from(java.time.Instant.now().minusSeconds(60))).build(), TestIdentity.SECRET);
    script("Parley.identify(arguments[0])", expired);
    await("the widget gone", b -> browser.findElements(By.cssSelector("parley-widget")).isEmpty());
    assertEquals(1, consoleErrors().size(), consoleErrors().toString());
    assertTrue(consoleErrors().get(0).contains("Parley.identify()"), consoleErrors().toString());
  }

  private void assertShowsNothingAndSays(String page, String setting) {
    browser.get(page);
    await("the console error on " + page, b -> consoleErrors().size() == 1);
    assertTrue(consoleErrors().get(0).contains(setting), consoleErrors().toString());
    assertEquals(0L, script("return window.socketsOpened"));
    assertTrue(browser.findElements(By.cssSelector("parley-widget")).isEmpty(), "nothing shown");
    // Any second error would come right after the first.
    assertEquals(1, ((List<?>) script("return window.consoleErrors")).size(), consoleErrors().toString());
  }

  @Test
  void theScriptsAreServedToAnySiteTheWidgetWithShortAndImmutableCaching() throws Exception {
    String version = WidgetScript.versionOf(new String(WidgetScript.load(), StandardCharsets.UTF_8));
    HttpResponse<String> current = get("/widget.js");
    HttpResponse<String> pinned = get("/widget/" + version + "/widget.js");
    assertEquals(200, current.statusCode());
    assertEquals(Optional.of("public, max-age=300"), current.headers().firstValue("Cache-Control"));
    assertEquals(Optional.of("public, max-age=31536000, immutable"), pinned.headers().firstValue("Cache-Control"));
    assertEquals(current.body(), pinned.body());
    assertTrue(current.headers().firstValue("Content-Type").orElseThrow().contains("javascript"));
    assertEquals(404, get("/widget/0.0.0-other/widget.js").statusCode(), "only the version this node ships");
    for (String script : List.of("/widget/" + version + "/widget.js", "/client/parley-client.js", "/voice.js", "/voice-worklet.js")) {
      assertEquals(Optional.of("*"), get(script).headers().firstValue("Access-Control-Allow-Origin"), script + " for any site");
    }
  }

  private void assertNoSeriousAccessibilityViolation() throws IOException {
    String axe;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    script(axe);
    @SuppressWarnings("unchecked")
    List<String> violations = (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run({ include: [['parley-widget']] }, { resultTypes: ['violations'] })
          .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))),
            (e) => done(['axe failed: ' + e]));""");
    assertEquals(List.of(), violations);
  }

  private static ParleyNode startNode(int port) {
    ObjectNode tenants;
    try {
      tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ((ObjectNode) tenants.get(TENANT)).put("publishableKey", KEY)
        .putArray("allowedOrigins").add(siteUrl(allowedSite).replaceAll("/$", ""));
    return ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
        Map.of("parley.http.port", port, "parley.identity.tenants", tenants.toString())));
  }

  /** A company's site on 127.0.0.1: its page embeds the widget twice, under a strict policy and hostile CSS. */
  private static HttpServer site() {
    HttpServer server = LoopbackHttpServers.create();
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String origin = "http://localhost:" + nodePort;
      // ?tenant= and ?key= put other settings in the tag, as a site could get them wrong.
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String tag = "<script src=\"" + origin + "/widget.js\" data-tenant=\"" + query.getOrDefault("tenant", TENANT)
          + "\" data-key=\"" + query.getOrDefault("key", KEY) + "\""
          + (query.containsKey("language") ? " data-language=\"" + query.get("language") + "\"" : "") + " async></script>";
      Map.Entry<String, String> reply = switch (path) {
        case "/" -> Map.entry("text/html", "<!doctype html><html lang=\"" + query.getOrDefault("lang", "en") + "\"><head><meta charset=\"utf-8\"><title>Acme help</title>"
            + "<link rel=\"stylesheet\" href=\"/hostile.css\"><script src=\"/spy.js\"></script>" + tag + tag
            + "</head><body><main><h1>Acme help</h1><p id=\"page-text\">Welcome to Acme.</p></main></body></html>");
        case "/hostile.css" -> Map.entry("text/css", "* { all: unset; color: red !important }");
        case "/spy.js" -> Map.entry("text/javascript", """
            window.consoleErrors = [];
            const write = console.error.bind(console);
            console.error = (...args) => { window.consoleErrors.push(args.map(String).join(' ')); write(...args); };
            window.tones = 0;
            const NativeAudio = window.AudioContext;
            window.AudioContext = class extends NativeAudio {
              constructor(...args) { super(...args); window.tones++; }
            };
            window.socketsOpened = 0;
            const Native = window.WebSocket;
            window.WebSocket = class extends Native {
              constructor(...args) { super(...args); window.socketsOpened++; }
            };""");
        default -> null;
      };
      if (reply == null) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      byte[] body = reply.getValue().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", reply.getKey() + "; charset=utf-8");
      exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'; script-src 'self' " + origin
          + "; connect-src " + origin + " ws://localhost:" + nodePort + "; style-src 'self'");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private static Map<String, String> query(String raw) {
    return raw == null ? Map.of() : java.util.Arrays.stream(raw.split("&")).map(pair -> pair.split("=", 2))
        .collect(java.util.stream.Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
  }

  private static String siteUrl(HttpServer site) {
    return "http://127.0.0.1:" + site.getAddress().getPort() + "/";
  }

  /** Ada's earlier conversation, closed, so that her long-term memory holds it. */
  private static void seedMemory(String user, String text) throws Exception {
    try (ChatClient ada = ChatClient.connectAs(nodePort, TENANT, Optional.of(user))) {
      ada.startNew();
      ada.answerOf(ada.say("seed-1", text).get("turnId").asText());
      ada.send(ChatClient.frame("close"));
      ada.expect("closed");
    }
    Awaiting.await("the memory of " + user).atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
        TestIdentity.asAdmin(nodePort, "GET", "/v1/users/" + user + "/memory?tenant=" + TENANT, null).body().contains("Lovelace"));
  }

  private static RecordedRequest requestFor(String userText) {
    return model.requests().stream().filter(r -> r.stream() && userText.equals(r.lastUserMessage())).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("the model was never asked " + userText));
  }

  private static JsonNode sessionAsAdmin(String id) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(nodePort, "GET", "/v1/sessions/" + id + "?tenant=" + TENANT, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static List<String> userTexts(JsonNode session) {
    return StreamSupport.stream(session.get("messages").spliterator(), false)
        .filter(m -> "user".equals(m.get("role").asText())).map(m -> m.get("text").asText()).toList();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + nodePort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  @SuppressWarnings("unchecked")
  private List<String> consoleErrors() {
    return (List<String>) script("return window.consoleErrors");
  }

  private SearchContext shadow() {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  private String widgetAttribute(String name) {
    return browser.findElement(By.cssSelector("parley-widget")).getAttribute(name);
  }

  private WebElement launcher() {
    return shadow().findElement(By.cssSelector(".launcher"));
  }

  private WebElement badge() {
    return shadow().findElement(By.cssSelector(".badge"));
  }

  private WebElement panel() {
    return shadow().findElement(By.cssSelector(".panel"));
  }

  private WebElement status() {
    return shadow().findElement(By.cssSelector(".status"));
  }

  private void send(String text) {
    shadow().findElement(By.cssSelector(".composer textarea")).sendKeys(text, Keys.ENTER);
  }

  private List<String> bubbleTexts() {
    return shadow().findElements(By.cssSelector(".log > li:not([data-greeting]) .text")).stream().map(WidgetBrowserTest::text).toList();
  }

  private List<String> finalAnswers() {
    return shadow().findElements(By.cssSelector(".log > li[data-role=assistant][data-final] .text")).stream()
        .map(WidgetBrowserTest::text).toList();
  }

  /** The text of a message, also while the panel is closed (Selenium's getText is only what is shown). */
  private static String text(WebElement message) {
    return message.getDomProperty("textContent");
  }

  /** Loaded: idle until the customer writes, or open in a conversation stored before. */
  private void awaitReady() {
    await("the widget ready", b -> List.of("idle", "open").contains(widgetAttribute("data-state")));
  }

  private void awaitOnline() {
    await("the widget online", b -> "open".equals(widgetAttribute("data-state")));
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(() -> what + "; the page's console errors: " + script("return window.consoleErrors"))
        .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition::apply);
  }
}
