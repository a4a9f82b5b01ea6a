package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.TestImages;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A small shop's support team in a real headless Chromium, every member signed in with the password
 * of their account: the head of support (the tenant's admin) invites an agent by email and first
 * name; the agent attaches a file to a reply, which the customer receives; the customer's photo
 * shows as an image to the agent and in the admin's view of the conversation; and the customer
 * knows the agent by the first name they were invited with, never by the email they sign in with.
 */
class SupportTeamBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String HEAD = "head@shop.example";
  private static final String AGENT_PASSWORD = "the agent's own long password";

  private static StaffNode staff;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    staff = StaffNode.start(TENANT, HEAD, Map.of());
  }

  @AfterAll
  static void stop() {
    if (staff != null) staff.close();
  }

  @Test
  void anAgentSignedInWithAPasswordSendsAFileWithAReplyAndTheCustomerGetsIt() throws Exception {
    String agent = invitedAgent("Noor");
    agentSignsIn(agent);
    String user = "ada-" + UUID.randomUUID();
    try (ChatClient customer = ChatClient.connectAs(port(), TENANT, Optional.of(user))) {
      String sessionId = takenOver(customer);
      byte[] label = TestImages.png(64, 48);
      script("""
          const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
          const files = new DataTransfer();
          files.items.add(new File([bytes], 'return-label.png', { type: 'image/png' }));
          document.getElementById('conversation').dispatchEvent(
            new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));""",
          Base64.getEncoder().encodeToString(label));
      By chip = By.cssSelector("ul.attachments li.attachment");
      await("the label attached, with the agent's sign-in", b -> {
        String state = b.findElement(chip).getAttribute("class");
        if (state.contains("failed")) throw new AssertionError(b.findElement(chip).getText());
        return state.contains("ready");
      });
      browser.findElement(By.id("reply")).sendKeys("Here is your return label.", Keys.ENTER);

      JsonNode written = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("Here is your return label.", written.get("text").asText());
      JsonNode shared = customer.expect("attachments").get("attachments").get(0);
      assertEquals("return-label.png", shared.get("name").asText());
      HttpResponse<byte[]> received = AttachmentsEndToEndTest.send(port(), "GET", shared.get("url").asText(),
          "Bearer " + TestIdentity.customerToken(TENANT, Optional.of(user)), null, null);
      assertEquals(200, received.statusCode());
      assertEquals("image/png", received.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(64, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(received.body())).getWidth());
      assertEquals(List.of(), Axe.seriousViolations(browser));
    }
  }

  @Test
  void aCustomersPhotoShowsToTheAgentAndInTheAdminsViewOfTheConversation() throws Exception {
    String agent = invitedAgent("Sami");
    agentSignsIn(agent);
    String user = "ada-" + UUID.randomUUID();
    String customerCredential = "Bearer " + TestIdentity.customerToken(TENANT, Optional.of(user));
    try (ChatClient customer = ChatClient.connectAs(port(), TENANT, Optional.of(user))) {
      String sessionId = takenOver(customer);
      String photo = AttachmentsEndToEndTest.uploaded(port(), sessionId, customerCredential, "broken-lamp.png",
          TestImages.png(80, 60)).get("attachmentId").asText();
      customer.send(ChatClient.frame("user").put("clientMsgId", "c-2").put("text", "It arrived like this")
          .set("attachments", JSON.createArrayNode().add(photo)));
      long seq = customer.expect("ack").get("seq").asLong();
      By thumbnail = By.cssSelector("#transcript li[data-seq='" + seq + "'] img.file__thumbnail");
      await("the photo under the customer's message", b -> !b.findElements(thumbnail).isEmpty());
      awaitLoaded("the photo loaded in the agent console", thumbnail, 80);
      assertEquals("Open broken-lamp.png (image, " + sizeOf(browser.findElement(thumbnail)) + ")",
          browser.findElement(thumbnail).findElement(By.xpath("..")).getAttribute("aria-label"));
      assertEquals(List.of(), Axe.seriousViolations(browser));

      // The head of support, in the admin console, opens the conversation.
      headSignsIn();
      browser.findElement(By.cssSelector("[data-view='conversations']")).click();
      String row = "#conversations tbody tr[data-session='" + sessionId + "']";
      await("the conversation listed", b -> {
        if (b.findElements(By.cssSelector(row)).isEmpty()) b.findElement(By.id("conversation-show")).click();
        return !b.findElements(By.cssSelector(row)).isEmpty();
      });
      script("document.querySelector(arguments[0]).click()", row + " button.open");
      await("its view", b -> b.findElement(By.id("transcript")).isDisplayed());
      By listed = By.cssSelector("#transcript-files img.file__thumbnail");
      await("the photo listed among the conversation's files", b -> !b.findElements(listed).isEmpty());
      awaitLoaded("the photo loaded in the admin console", listed, 80);
      assertEquals(List.of(), Axe.seriousViolations(browser));
    }
  }

  @Test
  void anAgentWithoutADisplayNameIsKnownToCustomersByTheFirstNameTheyWereInvitedWith() throws Exception {
    // The head of support invites the agent in the admin console, by email and first name.
    headSignsIn();
    browser.findElement(By.cssSelector("[data-view='staff']")).click();
    await("the staff view", b -> b.findElement(By.id("staff-invite")).isDisplayed());
    String agent = "jonas-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
    browser.findElement(By.id("staff-email")).sendKeys(agent);
    browser.findElement(By.id("staff-name")).sendKeys("Jonas");
    browser.findElement(By.cssSelector("#staff-invite button[type='submit']")).click();
    await("the invitation link", b -> !b.findElement(By.id("staff-link-value")).getAttribute("value").isEmpty());
    String link = browser.findElement(By.id("staff-link-value")).getAttribute("value");
    assertEquals(List.of(), Axe.seriousViolations(browser));
    browser.manage().deleteAllCookies();

    // The agent chooses a password by the link, then signs in to the agent console with it, naming no one.
    browser.get(link);
    await("the password form", b -> b.findElement(By.id("account-form")).isDisplayed());
    browser.findElement(By.id("account-password")).sendKeys(AGENT_PASSWORD);
    browser.findElement(By.id("account-confirm")).sendKeys(AGENT_PASSWORD);
    browser.findElement(By.id("account-submit")).click();
    await("the name customers see, as invited", b -> b.findElement(By.id("name-form")).isDisplayed());
    browser.findElement(By.id("name-submit")).click();
    await("the agent console, signed in by the link", b -> b.getCurrentUrl().endsWith("/agent") && online(b));
    browser.findElement(By.id("signout")).click();
    await("signed out", b -> b.findElement(By.id("signin")).isDisplayed());
    agentSignsIn(agent);

    String user = "ada-" + UUID.randomUUID();
    try (ChatClient customer = ChatClient.connectAs(port(), TENANT, Optional.of(user))) {
      String sessionId = takenOver(customer);
      JsonNode held = customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("agent"));
      assertEquals("Jonas", held.get("agent").asText());
      browser.findElement(By.id("reply")).sendKeys("Hello, Jonas here.", Keys.ENTER);
      JsonNode written = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("Jonas", written.get("author").asText());
      JsonNode seen = JSON.readTree(AttachmentsEndToEndTest.text(AttachmentsEndToEndTest.send(port(), "GET",
          "/v1/sessions/" + sessionId, "Bearer " + TestIdentity.customerToken(TENANT, Optional.of(user)), null, null)));
      assertFalse(seen.toString().contains("@shop.example"), "the customer's view names no email: " + seen);
    }
  }

  /** Invites an agent by API, with {@code firstName}; the agent sets {@link #AGENT_PASSWORD}. Its email. */
  private static String invitedAgent(String firstName) throws Exception {
    String email = firstName.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
    HttpResponse<String> invited = staff.send("POST", "/v1/staff/invitations", staff.operator.address(), staff.operator,
        null, JSON.createObjectNode().put("email", email).put("name", firstName).set("roles",
            JSON.createArrayNode().add("agent")).toString());
    assertEquals(201, invited.statusCode(), invited.body());
    HttpResponse<String> joined = staff.follow(StaffNode.newAddress(),
        StaffNode.secretOf(JSON.readTree(invited.body()).get("link").asText()), AGENT_PASSWORD);
    assertEquals(200, joined.statusCode(), joined.body());
    return email;
  }

  /** The customer asks for a person, and the agent takes the conversation over in the console; its id. */
  private String takenOver(ChatClient customer) {
    String sessionId = customer.startNew();
    customer.say("c-1", "Can I talk to a human?");
    AgentConsoleBrowserTest.take(browser, sessionId);
    return sessionId;
  }

  /** The head of support signs in to the admin console with their email and password. */
  private void headSignsIn() {
    AdminConsolePage.signInWithPassword(browser, port(), HEAD, StaffNode.PASSWORD);
  }

  /** The agent signs in to the agent console with their email and password, as the sign-in form asks, naming no one. */
  private void agentSignsIn(String email) {
    AdminConsolePage.signInToAgentConsole(browser, port(), TENANT, email, AGENT_PASSWORD, "");
  }

  private void awaitLoaded(String what, By image, int width) {
    await(what, b -> Boolean.TRUE.equals(script("const img = document.querySelector(arguments[0]);"
        + " return img !== null && img.complete && img.naturalWidth === arguments[1]", cssOf(image), width)));
  }

  private static String cssOf(By selector) {
    return selector.toString().replaceFirst("^By\\.cssSelector: ", "");
  }

  private static String sizeOf(WebElement thumbnail) {
    String name = thumbnail.findElement(By.xpath("..")).findElement(By.cssSelector(".file__name")).getText();
    return name.substring(name.indexOf("· ") + 2);
  }

  private static boolean online(WebDriver browser) {
    return "online".equals(browser.findElement(By.id("console-status")).getAttribute("data-state"));
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private static int port() {
    return staff.node.httpPort();
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class).until(condition::apply);
  }
}
