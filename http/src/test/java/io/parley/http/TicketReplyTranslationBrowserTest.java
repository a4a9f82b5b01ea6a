package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An agent's reply in English reaching a German customer in German, in real Chromium on a real node
 * whose fake model translates as the OpenAI-compatible wire format has it. The customer, on the
 * shop's German page, asks the widget for a person while the support team is off duty and gets a
 * ticket. An agent signed in with a password opens it in the agent console's Tickets view and
 * replies in English: the widget shows the German alone; the ticket view shows the reply as written
 * and as the customer read it, and the conversation's German with the English beside it; the agent
 * console's transcript of the conversation marks the German as the model's translation of the
 * English. axe-core finds nothing serious on the ticket view and the transcript, light or dark.
 */
class TicketReplyTranslationBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "pk_acme_ticket_translation";
  private static final String TENANT = ShopWithStaff.TENANT;
  private static final String ENGLISH = "I am sorry your kettle arrived broken. A new one ships to you today.";
  private static final String GERMAN = "Es tut mir leid, dass Ihr Wasserkocher kaputt ankam. Ein neuer geht heute an Sie raus.";

  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final ChromeDriver browser = chromium.browser();
  private final WidgetOnSite page = new WidgetOnSite(browser, WAIT);
  @RegisterExtension final ShopWithStaff shop = new ShopWithStaff(KEY, FakeTranslator.answering(Map.of(ENGLISH, GERMAN)),
      port -> TestSite.serve(Map.of("/", () -> "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">"
          + "<title>Acme Bestellungen</title><script src=\"http://localhost:" + port.getAsInt() + "/widget.js\""
          + " data-tenant=\"" + TENANT + "\" data-key=\"" + KEY + "\" async></script></head><body><main><h1>Acme</h1></main>"
          + "</body></html>")));

  @BeforeEach
  void start() throws Exception {
    shop.staff().node.languageDetectionLoaded().toCompletableFuture().get(60, TimeUnit.SECONDS);
    // The support team works one hour, three days from now: nobody can join today, so the customer gets a ticket.
    String closedDay = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().toLowerCase(Locale.ROOT);
    HttpResponse<String> saved = TestIdentity.asAdmin(shop.staff().node.httpPort(), "PUT", "/v1/config?tenant=" + TENANT,
        "{\"config\": {\"supportHours\": {\"timeZone\": \"UTC\", \"weekly\": {\"" + closedDay + "\": [\"09:00-10:00\"]}}}}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  @Test
  void anEnglishReplyOnATicketReachesTheGermanCustomerInGermanAndStaffReadBoth() throws Exception {
    browser.get(shop.page("/"));
    page.await("the launcher", b -> page.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    page.script("Parley.open()");
    WebElement composer = page.widget().findElement(By.cssSelector("#parley-input"));
    page.await("the composer", b -> composer.isDisplayed());
    composer.sendKeys("Ich möchte bitte mit einem Menschen sprechen", Keys.ENTER);
    page.await("the notice naming the ticket", b -> page.texts(".log > li .text").stream().anyMatch(t -> t.matches("(?s).*T-\\d+.*")));
    Matcher named = Pattern.compile("T-\\d+").matcher(String.join("\n", page.texts(".log > li .text")));
    assertTrue(named.find());
    String ticket = named.group();
    String sessionId = browser.findElement(By.cssSelector("parley-widget")).getDomAttribute("data-session");
    String widgetWindow = browser.getWindowHandle();

    browser.switchTo().newWindow(WindowType.TAB);
    AdminConsolePage.signInAsAgent(browser, shop.staff().node.httpPort(), TENANT, "Dana");
    browser.findElement(By.cssSelector("[data-agent-view='tickets-view']")).click();
    By row = By.cssSelector("#tickets-rows tr[data-ticket='" + ticket + "'] button.tickets__open");
    page.await("the customer's ticket", b -> !b.findElements(row).isEmpty());
    browser.findElement(row).click();
    page.await("the ticket opened", b -> b.findElement(By.id("ticket")).isDisplayed());
    browser.findElement(By.id("ticket-reply-text")).sendKeys(ENGLISH);
    browser.findElement(By.cssSelector(".tickets__reply button[type='submit']")).click();

    // The reply reaches the conversation once the model has translated it: the ticket is opened again until it shows.
    By readReply = By.cssSelector("#ticket-replies li[data-translated='true']");
    page.await("the reply as the customer read it", b -> {
      if (!b.findElements(readReply).isEmpty()) return true;
      b.findElement(row).click();
      return false;
    });
    WebElement reply = browser.findElement(readReply);
    List<WebElement> texts = reply.findElements(By.className("tickets__text"));
    assertEquals(ENGLISH, texts.get(0).getText(), "the reply as the agent wrote it");
    assertEquals(GERMAN, texts.get(1).getText(), "and as the customer read it");
    assertEquals("de", texts.get(1).getDomAttribute("lang"));
    assertTrue(reply.getText().contains("The customer read it in German (de), as the model translated it:"), reply.getText());
    WebElement sent = browser.findElement(By.cssSelector("#ticket-transcript li[data-translated='true']"));
    assertEquals(GERMAN + "\nMachine translation into German (de) of the agent's words in English (en):\n" + ENGLISH,
        sent.getText().substring(sent.getText().indexOf('\n') + 1));
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the ticket view, " + scheme);
    }
    TestChromium.colourScheme(browser, "light");

    browser.findElement(By.cssSelector("[data-agent-view='workspace']")).click();
    AdminConsolePage.openFromAllOpen(browser, sessionId);
    By marked = By.cssSelector("#transcript .msg--agent .bubble[data-translated='true']");
    page.await("the reply in the console's transcript, marked as a translation", b -> !b.findElements(marked).isEmpty());
    WebElement bubble = browser.findElement(marked);
    assertEquals(GERMAN, bubble.findElement(By.className("bubble__text")).getText());
    assertEquals("Machine translation into German of what was written in English: “" + ENGLISH + "”",
        bubble.findElement(By.className("bubble__translation")).getText());
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the agent console's transcript, " + scheme);
    }

    browser.switchTo().window(widgetWindow);
    page.await("the reply in the widget", b -> page.texts(".log > li[data-role=agent] .text").contains(GERMAN));
    assertTrue(page.texts(".log > li .text").stream().noneMatch(t -> t.contains(ENGLISH)), "the customer reads German alone");
  }
}
