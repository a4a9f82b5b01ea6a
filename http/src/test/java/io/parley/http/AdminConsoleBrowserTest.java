package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium against a node on PostgreSQL, driven as an admin
 * would: signs in with the default tenant's admin key, changes the widget's greeting in a draft
 * (an invalid one first, refused field by field), sees the diff, publishes it, and a new
 * conversation on the chat socket runs on that version while the widget greets with the new line;
 * rolls back; uploads a document and finds it as the bot would; creates a key (its secret shown
 * once, then gone from the page) and revokes it; reads the audit entries of all of it, filtered and
 * paged; finds a customer's chat in the conversations, reads its transcript, tags it and filters by
 * the tag, exports them, and sees it counted in today's overview; signs out; and an agent's key
 * is told it lacks the admin role, and nothing else. axe finds nothing serious on any view, at
 * desktop and at phone width. Apart: an admin finds a customer's conversation by a word they said
 * on the chat socket, and tags it; and one sees the questions the bot could not answer under the
 * overview, by topic, and writes the article one of them asks for.
 */
class AdminConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The read model is a projection of the journal: a new conversation shows up in it a little later. */
  private static final Duration PROJECTION_WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = TestIdentity.DEFAULT_TENANT;

  @RegisterExtension static final RunningNode node = RunningNode.offline();
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @TempDir Path files;

  @Test
  void anAdminChangesTheBotItsKnowledgeAndItsKeysAndReadsTheAuditLog() throws Exception {
    HttpResponse<String> first = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config",
        "{\"config\": {\"assistantName\": \"Ava\", \"widget\": {\"greeting\": \"Hello from Ava.\"}}, \"message\": \"first\"}");
    assertEquals(200, first.statusCode(), first.body());

    AdminConsolePage.signIn(browser, node.httpPort(), TestIdentity.adminKey(TENANT));
    assertEquals("", browser.findElement(By.id("api-key")).getAttribute("value"), "the key leaves the field");
    assertEquals(TestIdentity.adminKey(TENANT), script("return sessionStorage.getItem('parley.admin')"));
    assertEquals("", script("return document.cookie"), "never a cookie");
    await("the live version", b -> b.findElement(By.id("live-summary")).getText().contains("version 1"));
    assertNoSeriousAccessibilityViolation();

    // An invalid draft: the server's problems, each naming its field, and nothing saved.
    String live = editor().getAttribute("value");
    assertTrue(live.contains("Hello from Ava."), live);
    typeDraft(live.replace("\"greeting\": \"Hello from Ava.\"", "\"accentColor\": \"blue\", \"greeting\": \"Welcome to Acme lamps!\""));
    browser.findElement(By.id("save-draft")).click();
    await("the problems shown", b -> b.findElement(By.id("draft-problems")).getText().contains("widget.accentColor"));
    assertEquals(404, admin("GET", "/v1/config/draft").statusCode(), "a refused draft is not saved");

    typeDraft(live.replace("Hello from Ava.", "Welcome to Acme lamps!"));
    browser.findElement(By.id("draft-message")).sendKeys("a warmer greeting");
    browser.findElement(By.id("save-draft")).click();
    await("the draft saved", b -> b.findElement(By.id("draft-status")).getText().startsWith("Draft 1 saved"));
    assertEquals(List.of("\"greeting\": \"Welcome to Acme lamps!\""), diffLines("diff__added"));
    assertEquals(List.of("\"greeting\": \"Hello from Ava.\""), diffLines("diff__removed"));

    // Someone publishes meanwhile: the server refuses the console's publish (409), and the diff shows what it would undo.
    HttpResponse<String> meanwhile = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config",
        "{\"config\": {\"assistantName\": \"Ava\", \"companyName\": \"Acme Lamps\", \"widget\": {\"greeting\": \"Hello from Ava.\"}}}");
    assertEquals(200, meanwhile.statusCode(), meanwhile.body());
    browser.findElement(By.id("publish")).click();
    confirm("Publish the draft?");
    await("the stale draft stopped, beside the buttons", b -> refusalBeside("draft-actions").startsWith(
        "Refused: version 2 is live, not version 1"));
    assertEquals(2, JSON.readTree(admin("GET", "/v1/config").body()).get("version").asInt(), "nothing published");
    assertEquals(List.of("\"companyName\": \"Acme Lamps\",", "\"greeting\": \"Hello from Ava.\""), diffLines("diff__removed"));

    browser.findElement(By.id("publish")).click();
    confirm("Publish the draft?");
    await("published", b -> b.findElement(By.id("draft-status")).getText().equals("Published as version 3."));
    assertTrue(browser.findElements(By.cssSelector("[data-refusal-for]")).isEmpty(), "the refusal went with the next action");
    assertEquals("a warmer greeting", JSON.readTree(admin("GET", "/v1/config").body()).get("message").asText());
    assertEquals(3, newConversationVersion(), "a new conversation runs on the published version");
    assertEquals("Welcome to Acme lamps!", widgetGreeting());
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/admin-console.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.cssSelector("#history li[data-version='1'] button.rollback")).click();
    confirm("Roll back to version 1?");
    await("rolled back", b -> b.findElement(By.id("draft-status")).getText().equals("Version 1 is live again, as version 4."));
    assertEquals("Hello from Ava.", widgetGreeting());
    assertEquals(4, newConversationVersion());

    // The knowledge base: a Markdown file uploaded, then found as the bot would search.
    view("kb");
    Path article = Files.writeString(files.resolve("lamp-returns.md"),
        "# Lamp returns\n\nA lamp bought from Acme can be returned within 30 days for a full refund.\n");
    browser.findElement(By.id("kb-file")).sendKeys(article.toString());
    await("the file read", b -> b.findElement(By.id("kb-content")).getAttribute("value").contains("full refund"));
    assertEquals("lamp-returns", browser.findElement(By.id("kb-doc-title")).getAttribute("value"));
    assertEquals("markdown", browser.findElement(By.id("kb-format")).getAttribute("value"));
    browser.findElement(By.cssSelector("#kb-upload button[type='submit']")).click();
    await("listed", b -> b.findElement(By.id("kb-documents")).getText().contains("lamp-returns (markdown, en,"));
    browser.findElement(By.id("kb-query")).sendKeys("return a lamp for a refund");
    browser.findElement(By.cssSelector("#kb-search button")).click();
    await("found", b -> b.findElement(By.id("kb-hits")).getText().contains("full refund"));
    // Replaced from a new file: the form keeps the title and format, and the bot finds the new text.
    browser.findElement(By.cssSelector("#kb-documents button.replace[aria-label='Replace lamp-returns']")).click();
    assertEquals("lamp-returns", browser.findElement(By.id("kb-doc-title")).getAttribute("value"));
    assertEquals("", browser.findElement(By.id("kb-content")).getAttribute("value"), "the API gives no content back");
    Path revised = Files.writeString(files.resolve("lamp-returns-2025.md"),
        "# Lamp returns\n\nA lamp bought from Acme can be returned within 60 days, with store credit or a refund.\n");
    browser.findElement(By.id("kb-file")).sendKeys(revised.toString());
    await("the new file read", b -> b.findElement(By.id("kb-content")).getAttribute("value").contains("60 days"));
    browser.findElement(By.id("kb-submit")).click();
    await("replaced", b -> b.findElement(By.id("kb-status")).getText().equals("Replaced lamp-returns (1 passage)."));
    assertEquals("Upload", browser.findElement(By.id("kb-submit")).getText(), "the form adds documents again");
    browser.findElement(By.cssSelector("#kb-search button")).click();
    await("the new text found", b -> b.findElement(By.id("kb-hits")).getText().contains("store credit or a refund")
        && !b.findElement(By.id("kb-hits")).getText().contains("30 days for a full refund"));
    browser.findElement(By.cssSelector("#kb-documents button.delete[aria-label='Delete lamp-returns']")).click();
    await("deleted", b -> b.findElement(By.id("kb-status")).getText().equals("Deleted lamp-returns.")
        && !b.findElement(By.id("kb-documents")).getText().contains("lamp-returns"));
    assertNoSeriousAccessibilityViolation();

    // Keys: the secret once, working; gone from the page; revoked, refused.
    view("keys");
    browser.findElement(By.id("key-name")).sendKeys("nobody");
    browser.findElement(By.cssSelector("input[name='key-role'][value='agent']")).click();
    browser.findElement(By.cssSelector("#key-create button[type='submit']")).click();
    String noRoles = JSON.readTree(admin("POST", "/v1/keys", "{\"name\": \"nobody\", \"roles\": []}").body())
        .get("error").get("message").asText();
    await("the server's refusal, beside the button", b -> refusalBeside("key-submit").equals("Refused: " + noRoles));
    browser.findElement(By.id("key-create")).findElement(By.cssSelector("input[value='agent']")).click();
    browser.findElement(By.id("key-name")).clear();
    browser.findElement(By.id("key-name")).sendKeys("crm");
    browser.findElement(By.cssSelector("#key-create button[type='submit']")).click();
    await("the secret shown", b -> b.findElement(By.id("key-secret")).isDisplayed());
    String secret = browser.findElement(By.id("key-secret-value")).getAttribute("value");
    assertTrue(secret.startsWith("sk_"), secret);
    assertEquals(200, TestIdentity.call(node.httpPort(), "GET", "/v1/tickets", "Bearer " + secret, null).statusCode());
    await("listed", b -> !b.findElements(By.cssSelector("#keys li[data-active='true']")).isEmpty());
    browser.findElement(By.id("key-secret-done")).click();
    assertFalse(browser.findElement(By.id("key-secret")).isDisplayed());
    assertFalse(pageHolds(secret), "the secret is never in the page after it was shown");
    browser.findElement(By.cssSelector("#keys li[data-active='true'] button.revoke")).click();
    confirm("Revoke the key crm?");
    await("revoked", b -> !b.findElements(By.cssSelector("#keys li[data-active='false']")).isEmpty());
    assertEquals(401, TestIdentity.call(node.httpPort(), "GET", "/v1/tickets", "Bearer " + secret, null).statusCode());
    assertFalse(pageHolds(secret));

    // The audit log: every change above, filtered by action and paged.
    view("audit");
    Set<String> expected = Set.of("config.draft.save", "config.draft.publish", "config.rollback", "kb.document.create",
        "kb.document.replace", "kb.document.delete", "api_key.create", "api_key.revoke");
    await("every change in the log", b -> {
      b.findElement(By.id("audit-newest")).click();
      return auditActions().containsAll(expected);
    });
    browser.findElement(By.id("audit-action")).sendKeys("config.draft.save");
    browser.findElement(By.cssSelector("#audit-filter button")).click();
    await("filtered", b -> Set.copyOf(auditActions()).equals(Set.of("config.draft.save")));
    assertTrue(auditActions().size() >= 2, "the draft saved, and saved again with the publish's message: " + auditActions());
    assertFalse(browser.findElement(By.id("audit-older")).isEnabled(), "one page holds them");

    // Paging: 25 refused reads of the log by an agent are more than a page of 20.
    for (int i = 0; i < 25; i++) {
      assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/audit", "Bearer " + TestIdentity.agentKey(TENANT), null).statusCode());
    }
    browser.findElement(By.id("audit-action")).clear();
    browser.findElement(By.id("audit-action")).sendKeys("read_audit_log", Keys.ENTER);
    await("a full first page", b -> {
      b.findElement(By.id("audit-newest")).click();
      return auditActions().size() == 20 && b.findElement(By.id("audit-older")).isEnabled();
    });
    browser.findElement(By.id("audit-older")).click();
    await("the rest on the next page", b -> auditActions().size() == 5 && !b.findElement(By.id("audit-older")).isEnabled());
    assertEquals(Set.of("read_audit_log"), Set.copyOf(auditActions()));
    assertNoSeriousAccessibilityViolation();

    // Conversations: a customer's chat on the socket, in the list once the projection folded it.
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      sessionId = customer.startNew();
      customer.answerOf(customer.say("c-1", "Where is my lamp order?").get("turnId").asText());
      customer.answerOf(customer.say("c-2", "We want to buy 20 more lamps this month.").get("turnId").asText());
    }
    view("conversations");
    String row = "#conversations tbody tr[data-session='" + sessionId + "']";
    By listed = By.cssSelector(row);
    await("the conversation listed", PROJECTION_WAIT, b -> {
      if (!b.findElements(listed).isEmpty()) return true;
      b.findElement(By.cssSelector("#conversation-filter button[type='submit']")).click();
      return false;
    });
    // Found and clicked at once: a reload the last poll asked for may replace the row meanwhile.
    script("document.querySelector(arguments[0]).click()", row + " button.open");
    await("the transcript", b -> b.findElement(By.id("transcript")).isDisplayed()
        && "transcript-title".equals(b.switchTo().activeElement().getAttribute("id")));
    assertEquals("Where is my lamp order?",
        browser.findElement(By.cssSelector("#transcript-messages li[data-role='user'] .transcript__text")).getText());
    assertFalse(browser.findElements(By.cssSelector("#transcript-messages li[data-role='assistant']")).isEmpty(), "the bot's answer");
    String facts = browser.findElement(By.id("transcript-facts")).getText();
    assertTrue(facts.contains("not archived yet"), facts);
    assertTrue(facts.matches("(?s).*Lead score\\s+\\d+.*: \\+\\d+ .*"), "the lead score with why: " + facts);

    // A tag the server refuses, in its words; then one it takes, which then filters the list.
    String badTag = JSON.readTree(admin("PUT", "/v1/conversations/" + sessionId + "/tags/Lamp%20order").body())
        .get("error").get("message").asText();
    browser.findElement(By.id("tag-name")).sendKeys("Lamp order", Keys.ENTER);
    await("the tag refused, beside its field", b -> refusalBeside("tag-submit").equals("Refused: " + badTag));
    browser.findElement(By.id("tag-name")).clear();
    browser.findElement(By.id("tag-name")).sendKeys("lamp-order", Keys.ENTER);
    await("tagged", b -> b.findElement(By.id("tag-status")).getText().equals("Tagged lamp-order.")
        && !b.findElements(By.cssSelector("#transcript-tags li[data-tag='lamp-order']")).isEmpty());
    assertEquals(1, JSON.readTree(admin("GET", "/v1/conversations?tag=lamp-order").body()).get("conversations").size());
    await("the list reloaded, untagged conversations too", b -> listedSessions().size() > 1);
    browser.findElement(By.id("conversation-tag")).sendKeys("lamp-order", Keys.ENTER);
    await("filtered by the tag", b -> listedSessions().equals(List.of(sessionId)));
    assertTrue(browser.findElement(listed).getText().contains("lamp-order"));
    assertNoSeriousAccessibilityViolation();
    Files.write(Path.of("target/admin-console-conversations.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    // The export: fetched with the key in a header, never in a URL, counted as it is handed over.
    browser.findElement(By.id("conversation-tag")).clear();
    browser.findElement(By.id("conversation-export")).click();
    await("exported", b -> b.findElement(By.id("export-status")).getText().matches("Exported [1-9][0-9]* conversations? as JSON lines\\."));
    assertEquals(Boolean.FALSE, script("return performance.getEntriesByType('resource').some((entry) => entry.name.includes(arguments[0]))",
        TestIdentity.adminKey(TENANT)));

    browser.findElement(By.cssSelector("#transcript-tags li[data-tag='lamp-order'] button.untag")).click();
    await("untagged", b -> b.findElement(By.id("tag-status")).getText().equals("Removed lamp-order."));
    assertEquals(0, JSON.readTree(admin("GET", "/v1/conversations?tag=lamp-order").body()).get("conversations").size());

    // The overview: today's figures, the customer's conversation among them, each with its figures as text.
    view("overview");
    await("today's conversations", b -> Integer.parseInt(
        b.findElement(By.cssSelector("figure[data-figure='conversations'] .chart__total")).getText()) >= 1);
    String figures = browser.findElement(By.cssSelector("figure[data-figure='conversations'] .chart")).getAttribute("aria-label");
    assertTrue(figures.startsWith("Conversations per hour, in conversations: "), figures);
    assertEquals(7, browser.findElements(By.cssSelector("#overview-charts figure .chart[role='img'] canvas")).size());
    assertTrue(browser.findElement(By.cssSelector("figure[data-figure='conversations'] .chart__change")).getText().contains("previous"));
    assertNoSeriousAccessibilityViolation();
    Files.write(Path.of("target/admin-console-overview.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    // Too many hours for one request: the server's refusal, in its words.
    script("document.getElementById('overview-from').value = '2020-01-01'");
    browser.findElement(By.cssSelector("#overview-range button[type='submit']")).click();
    String tooMany = JSON.readTree(admin("GET", "/v1/analytics?interval=hour&from="
        + script("return new Date('2020-01-01T00:00').toISOString()") + "&to=" + script("""
            const to = new Date(document.getElementById('overview-to').value + 'T00:00');
            to.setDate(to.getDate() + 1);
            return to.toISOString();""")).body()).get("error").get("message").asText();
    await("the range refused, beside its button", b -> refusalBeside("overview-show").equals("Refused: " + tooMany));
    script("document.getElementById('overview-from').value = document.getElementById('overview-to').value");

    // A phone's width: still one usable column, nothing wider than the screen.
    browser.manage().window().setSize(BrowserPerTest.PHONE);
    for (String view : List.of("bot", "install", "overview", "conversations", "kb", "keys", "audit")) {
      view(view);
      assertEquals(Boolean.TRUE, script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), view);
      assertNoSeriousAccessibilityViolation();
    }
    view("bot");
    Files.write(Path.of("target/admin-console-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.id("signout")).click();
    assertNull(script("return sessionStorage.getItem('parley.admin')"), "sign-out forgets the key");
    assertFalse(pageHolds("Where is my lamp order?"), "and what the customer wrote");
    assertFalse(browser.findElement(By.id("workspace")).isDisplayed());

    // An agent's key: told in words what it lacks and where agents work, and no view.
    browser.findElement(By.id("api-key")).sendKeys(TestIdentity.agentKey(TENANT), Keys.ENTER);
    await("refused", b -> b.findElement(By.id("signin-error")).isDisplayed());
    assertEquals("Sign-in refused: this credential of " + TENANT + " has the role agent; the admin console needs the "
        + "admin role (agents work in the agent console, /agent)", browser.findElement(By.id("signin-error")).getText());
    assertFalse(browser.findElement(By.id("workspace")).isDisplayed());
    assertNull(script("return sessionStorage.getItem('parley.admin')"));
  }

  @Test
  void anAdminSeesTheQuestionsTheBotCouldNotAnswerAndWritesAnArticleForOne() throws Exception {
    for (String question : List.of("Do you offer gift wrapping?", "Can you gift wrap my present?")) {
      try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
        customer.startNew();
        customer.answerOf(customer.say("c-1", question).get("turnId").asText());
      }
    }

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    view("overview");
    String topic = "#gaps-topics li[data-count='2']";
    await("the wrapping questions, one topic asked twice", b -> {
      List<WebElement> found = b.findElements(By.cssSelector(topic));
      if (!found.isEmpty() && found.get(0).getText().contains("gift wrap")) return true;
      b.findElement(By.id("overview-show")).click();
      return false;
    });
    String listed = browser.findElement(By.cssSelector(topic)).getText();
    assertTrue(listed.contains("Do you offer gift wrapping?") && listed.contains("Can you gift wrap my present?"), listed);
    assertTrue(listed.contains("answered \"I can't answer that\": 2") && listed.contains("asked 2 times"), listed);
    assertNoSeriousAccessibilityViolation();

    String question = browser.findElement(By.cssSelector(topic + " strong")).getText();
    browser.findElement(By.cssSelector(topic + " button")).click();
    await("the knowledge base's editor, on the topic's question", b -> b.findElement(By.id("view-kb")).isDisplayed()
        && question.equals(b.findElement(By.id("kb-doc-title")).getAttribute("value"))
        && "kb-content".equals(b.switchTo().activeElement().getAttribute("id")));
    browser.findElement(By.id("kb-content")).sendKeys("Yes: gift wrapping is free, choose it at checkout.");
    browser.findElement(By.id("kb-submit")).click();
    await("uploaded", b -> b.findElement(By.id("kb-status")).getText().startsWith("Added " + question));
    assertEquals("Added " + question + " (1 passage).", browser.findElement(By.id("kb-status")).getText());
  }

  @Test
  void anAdminFindsAConversationByAWordTheCustomerSaidTagsItAndClosesATicket() throws Exception {
    String sessionId = answeredConversation("My porcelain heron arrived chipped");
    answeredConversation("My porcelain vase arrived whole");

    String admin = AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    view("conversations");
    browser.findElement(By.id("conversation-search")).sendKeys("Héron", Keys.ENTER);
    await("found by the word the customer said", PROJECTION_WAIT, b -> {
      if (listedSessions().equals(List.of(sessionId))) return true;
      b.findElement(By.cssSelector("#conversation-filter button[type='submit']")).click();
      return false;
    });
    assertNoSeriousAccessibilityViolation();

    script("document.querySelector(arguments[0]).click()", "#conversations tbody tr[data-session='" + sessionId + "'] button.open");
    await("the transcript", b -> b.findElement(By.id("transcript")).isDisplayed());
    browser.findElement(By.id("tag-name")).sendKeys("chipped", Keys.ENTER);
    await("tagged, and still the one found", b -> b.findElement(By.id("tag-status")).getText().equals("Tagged chipped.")
        && listedSessions().equals(List.of(sessionId))
        && b.findElement(By.cssSelector("#conversations tbody tr[data-session='" + sessionId + "']")).getText().contains("chipped"));
    assertEquals(1, JSON.readTree(admin("GET", "/v1/conversations?q=heron&tag=chipped").body()).get("conversations").size());

    browser.findElement(By.id("conversation-search")).clear();
    browser.findElement(By.id("conversation-search")).sendKeys("porcelain", Keys.ENTER);
    await("both porcelain conversations", PROJECTION_WAIT, b -> {
      if (listedSessions().size() == 2) return true;
      b.findElement(By.cssSelector("#conversation-filter button[type='submit']")).click();
      return false;
    });

    // Tickets: the agent console's view, here too; one opened through the API has no conversation.
    assertEquals(201, admin("POST", "/v1/tickets", "{\"subject\": \"Heron replacement\", \"description\":"
        + " \"Send a new porcelain heron.\", \"priority\": \"high\"}").statusCode());
    view("tickets");
    By ticket = By.cssSelector("#tickets-rows tr[data-ticket='T-1001']");
    await("the ticket listed", b -> !b.findElements(ticket).isEmpty());
    browser.findElement(ticket).findElement(By.cssSelector("button.tickets__open")).click();
    await("opened", b -> b.findElement(By.id("ticket-transcript")).getText().equals("Opened through the API: no conversation."));
    assertNoSeriousAccessibilityViolation();
    browser.findElement(By.id("ticket-assign")).click();
    await("assigned to the admin", b -> b.findElement(By.id("ticket-facts")).getText().contains("assigned to " + admin));
    browser.findElement(By.id("ticket-status")).click();
    await("closed, so gone from the open ones", b -> b.findElements(ticket).isEmpty()
        && b.findElement(By.id("ticket-status")).getText().equals("Reopen"));
    assertEquals("closed", JSON.readTree(admin("GET", "/v1/tickets/T-1001").body()).get("status").asText());
  }

  @Test
  void anAdminSeesAFailedSafeConversationAndRetriesIt() throws Exception {
    String sessionId = answeredConversation("My order of tea never came");
    // Its failures counted up to the bound, as its node writes them (FailedSafeSessionEndToEndTest makes it fail for real).
    try (Connection connection = node.connect(); PreparedStatement failed = connection.prepareStatement(
        "INSERT INTO session_failure (tenant, session_id, kind, reason, failures, first_at, last_at)"
            + " VALUES (?, ?, 'recovery', 'NotSerializableException', 3, 1767261600000, 1767261660000)")) {
      failed.setString(1, TENANT);
      failed.setString(2, sessionId);
      failed.executeUpdate();
    }

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    view("conversations");
    String row = "#conversations tbody tr[data-session='" + sessionId + "']";
    await("listed as failed-safe", PROJECTION_WAIT, b -> {
      if (!b.findElements(By.cssSelector(row)).isEmpty()
          && b.findElement(By.cssSelector(row)).getText().contains("failed-safe (recovery, 3 failures)")) return true;
      b.findElement(By.cssSelector("#conversation-filter button[type='submit']")).click();
      return false;
    });
    assertNoSeriousAccessibilityViolation();
    script("document.querySelector(arguments[0]).click()", row + " button.retry");
    await("retried, so no longer failed-safe", b -> !b.findElements(By.cssSelector(row)).isEmpty()
        && !b.findElement(By.cssSelector(row)).getText().contains("failed-safe")
        && b.findElements(By.cssSelector(row + " button.retry")).isEmpty());
    for (JsonNode listed : JSON.readTree(admin("GET", "/v1/conversations").body()).get("conversations")) {
      assertTrue(listed.path("failedSafe").isNull() || listed.path("failedSafe").isMissingNode(), listed.toString());
    }
  }

  @Test
  void anAdminTriesTheDraftGreetingInTheWidgetPublishesItRollsItBackAndRedeliversAFailedWebhook() throws Exception {
    String tenant = "acme";
    String greeting = "Hello from Acme.";
    String spring = "Spring sale: lamps at half price!";
    int first = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": {\"widget\": {\"greeting\": \"" + greeting + "\"}, \"webhookEvents\": [\"conversation.started\"]}}").body())
        .get("version").asInt();

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), tenant);
    await("the live version", b -> b.findElement(By.id("live-summary")).getText().contains("version " + first));
    assertEquals("true", browser.findElement(By.id("tab-form")).getAttribute("aria-selected"), "the form first");

    // The form generated from the schema: a setting's field, the server's problem shown at it.
    WebElement accent = setting("widget.accentColor");
    assertEquals("Accent color", browser.findElement(By.cssSelector("label[for='" + accent.getAttribute("id") + "']")).getText());
    accent.sendKeys("blue");
    browser.findElement(By.id("save-draft")).click();
    WebElement problem = browser.findElement(By.id(accent.getAttribute("id") + "-problem"));
    await("the problem at its field", b -> problem.isDisplayed() && problem.getText().startsWith("widget.accentColor: "));
    assertEquals("true", accent.getAttribute("aria-invalid"));
    assertTrue(accent.getAttribute("aria-describedby").contains(problem.getAttribute("id")), "read with the field");
    assertEquals(404, TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/config/draft?tenant=" + tenant, null).statusCode());
    replace(accent, "");

    // Settings nested in the voice's turn-taking: the server's problem with their order told at the field.
    WebElement end = setting("voice.turns.endOfUtteranceMs");
    WebElement unfinished = setting("voice.turns.unfinishedUtteranceMs");
    assertEquals("Silence after words that go on (ms)",
        browser.findElement(By.cssSelector("label[for='" + unfinished.getAttribute("id") + "']")).getText());
    end.sendKeys("1000");
    unfinished.sendKeys("500");
    browser.findElement(By.id("save-draft")).click();
    WebElement shorter = browser.findElement(By.id(unfinished.getAttribute("id") + "-problem"));
    await("the waits' order at the field", b -> shorter.isDisplayed()
        && shorter.getText().startsWith("voice.turns.unfinishedUtteranceMs: at least endOfUtteranceMs (1000)"));
    replace(end, "");
    replace(unfinished, "2500");
    assertTrue(editor().getAttribute("value").replaceAll("\\s", "").contains("\"turns\":{\"unfinishedUtteranceMs\":2500}"),
        editor().getAttribute("value"));

    // The greeting changed in the form is the JSON tab's too; tried in the real widget, beside the form.
    WebElement widgetGreeting = setting("widget.greeting");
    assertEquals(greeting, widgetGreeting.getAttribute("value"));
    replace(widgetGreeting, spring);
    assertTrue(editor().getAttribute("value").contains("\"greeting\": \"" + spring + "\""), editor().getAttribute("value"));
    assertFalse(editor().getAttribute("value").contains("accentColor"), "an emptied setting leaves the document");
    browser.findElement(By.id("draft-message")).sendKeys("spring greeting");
    browser.findElement(By.id("try-draft")).click();
    await("the widget beside the form", b -> b.findElement(By.id("try")).isDisplayed());
    browser.switchTo().frame(browser.findElement(By.id("try-frame")));
    await("the draft's greeting in the widget", b -> spring.equals(script(
        "return document.querySelector('parley-widget')?.shadowRoot?.querySelector('.log li[data-greeting] .text')?.textContent")));
    assertEquals(null, script("return document.querySelector('parley-widget').dataset.session"),
        "no test conversation until the admin writes");
    script("Parley.send('Does the draft answer?')");
    await("the test conversation the admin's message started", b -> script(
        "return document.querySelector('parley-widget').dataset.session") != null);
    String trySession = (String) script("return document.querySelector('parley-widget').dataset.session");
    browser.switchTo().defaultContent();
    JsonNode tried = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + trySession + "?tenant=" + tenant, null).body());
    assertTrue(tried.get("botConfigDraft").asBoolean(), "a test conversation on the draft: " + tried);
    assertEquals(greeting, newConversationGreeting(tenant), "customers are still greeted as the live version greets");
    assertNoSeriousAccessibilityViolation();
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/admin-console-try.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.id("publish")).click();
    confirm("Publish the draft?");
    await("published", b -> b.findElement(By.id("draft-status")).getText().equals("Published as version " + (first + 1) + "."));
    assertEquals(spring, newConversationGreeting(tenant), "a new conversation greets with the published greeting");

    // Another admin publishes; a PUT written from the version before is refused, and so is the console's stale rollback.
    String otherAdmin = "{\"config\": {\"companyName\": \"Acme Lamps\", \"widget\": {\"greeting\": \"" + spring
        + "\"}, \"webhookEvents\": [\"conversation.started\"]}, \"baseVersion\": %d}";
    HttpResponse<String> stale = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant, otherAdmin.formatted(first));
    assertEquals(409, stale.statusCode(), stale.body());
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant, otherAdmin.formatted(first + 1)).statusCode());
    browser.findElement(By.cssSelector("#history li[data-version='" + first + "'] button.rollback")).click();
    confirm("Roll back to version " + first + "?");
    await("the stale rollback refused, beside its button", b -> refusalBeside("rollback").startsWith(
        "Refused: version " + (first + 2) + " is live, not version " + (first + 1)));
    await("the live version shown", b -> b.findElement(By.id("live-summary")).getText().contains("version " + (first + 2)));
    assertEquals(first + 2, JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/config?tenant=" + tenant, null).body())
        .get("version").asInt(), "nothing rolled back");

    view("bot");
    browser.findElement(By.cssSelector("#history li[data-version='" + first + "'] button.rollback")).click();
    confirm("Roll back to version " + first + "?");
    await("rolled back", b -> b.findElement(By.id("draft-status")).getText().equals(
        "Version " + first + " is live again, as version " + (first + 3) + "."));
    assertEquals(greeting, newConversationGreeting(tenant), "the next conversation greets as the old version did");

    // The draft's test conversation is listed apart from the customers': with the toggle only.
    view("conversations");
    String tryRow = "#conversations tbody tr[data-session='" + trySession + "']";
    WebElement tests = browser.findElement(By.id("conversation-test"));
    tests.click();
    await("the test conversation listed", PROJECTION_WAIT, b -> {
      if (!b.findElements(By.cssSelector(tryRow)).isEmpty()) return true;
      b.findElement(By.cssSelector("#conversation-filter button[type='submit']")).click();
      return false;
    });
    tests.click();
    await("the customers' conversations again, without it", b -> b.findElements(By.cssSelector(tryRow)).isEmpty()
        && !b.findElements(By.cssSelector("#conversations tbody tr")).isEmpty());

    // Webhooks: the live subscriptions; the tenant has no receiver, so its deliveries fail; one redelivered.
    // A conversation starts with its customer's first message, and so does its conversation.started.
    ConversationsEndToEndTest.converse(node.httpPort(), tenant, Optional.empty(), List.of("Is the spring sale still on?"));
    view("webhooks");
    await("the subscription", b -> !b.findElements(By.cssSelector("#subscriptions li[data-event='conversation.started']")).isEmpty());
    By failed = By.cssSelector("#deliveries tbody tr[data-status='failed'] button.redeliver");
    await("a failed delivery", PROJECTION_WAIT, b -> {
      if (!b.findElements(failed).isEmpty()) return true;
      b.findElement(By.cssSelector("#delivery-filter button[type='submit']")).click();
      return false;
    });
    String delivery = browser.findElement(failed).findElement(By.xpath("./ancestor::tr")).getAttribute("data-delivery");
    script("document.querySelector(arguments[0]).click()", "#deliveries tbody tr[data-delivery='" + delivery + "'] button.redeliver");
    await("redelivered", b -> b.findElement(By.id("webhooks-status")).getText().equals("conversation.started is sent again."));
    // Polled: the entry may be stored just after the answer reached the page.
    await("the redelivery in the audit log", b -> auditHolds(tenant, "webhook.redeliver", delivery));
    assertNoSeriousAccessibilityViolation();

    browser.manage().window().setSize(BrowserPerTest.PHONE);
    for (String view : List.of("bot", "webhooks")) {
      view(view);
      assertEquals(Boolean.TRUE, script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), view);
      assertNoSeriousAccessibilityViolation();
    }
  }

  /** Whether the tenant's audit log has an entry of {@code action} naming {@code text}. */
  private boolean auditHolds(String tenant, String action, String text) {
    try {
      return TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/audit?action=" + action + "&tenant=" + tenant, null).body().contains(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The field of the setting {@code path} in the draft's form. */
  private WebElement setting(String path) {
    return browser.findElement(By.cssSelector("#draft-form-fields [data-path='" + path + "']"));
  }

  /** Replaces what a field holds as a person would: everything selected, then typed over (or deleted). */
  private static void replace(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), text.isEmpty() ? Keys.DELETE.toString() : text);
  }

  /** The greeting of a customer's new conversation on the chat socket: its first message. */
  private String newConversationGreeting(String tenant) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      JsonNode message = customer.expect("message");
      assertEquals("greeting", message.get("source").asText(), message.toString());
      return message.get("text").asText();
    }
  }

  /** A customer's conversation in which the bot answered {@code text}; its session's id. */
  private static String answeredConversation(String text) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      String sessionId = customer.startNew();
      customer.answerOf(customer.say("c-1", text).get("turnId").asText());
      return sessionId;
    }
  }

  private void view(String name) {
    browser.findElement(By.cssSelector("[data-view='" + name + "']")).click();
    await(name + " shown, its heading focused", b -> b.findElement(By.id("view-" + name)).isDisplayed()
        && (name + "-title").equals(b.switchTo().activeElement().getAttribute("id")));
  }

  private WebElement editor() {
    return browser.findElement(By.id("draft-editor"));
  }

  /** Types the draft into the JSON tab, the form's twin. */
  private void typeDraft(String json) {
    browser.findElement(By.id("tab-json")).click();
    editor().clear();
    editor().sendKeys(json);
  }

  private List<String> diffLines(String kind) {
    return browser.findElements(By.cssSelector("#diff ." + kind)).stream()
        .map(line -> line.getText().substring(2).strip()).toList();
  }

  /** The actions of the rows shown, read at once: a page being replaced leaves no stale rows. */
  @SuppressWarnings("unchecked")
  private List<String> auditActions() {
    return (List<String>) script("return [...document.querySelectorAll('#audit tbody tr[data-action]')].map((row) => row.dataset.action)");
  }

  private boolean pageHolds(String secret) {
    return (Boolean) script("""
        const secret = arguments[0];
        return document.documentElement.outerHTML.includes(secret)
          || [...document.querySelectorAll('input, textarea')].some((field) => field.value.includes(secret));""", secret);
  }

  /** A customer's new conversation over the chat socket, and the configuration version it runs on. */
  private int newConversationVersion() throws Exception {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      String sessionId = customer.startNew();
      return JSON.readTree(admin("GET", "/v1/sessions/" + sessionId).body()).get("botConfigVersion").asInt();
    }
  }

  /** The first line the chat widget shows a new conversation of the tenant. */
  private String widgetGreeting() throws Exception {
    HttpResponse<String> config = TestIdentity.call(node.httpPort(), "GET", "/v1/widget/config?tenant=" + TENANT, null, null);
    assertEquals(200, config.statusCode(), config.body());
    return JSON.readTree(config.body()).get("greeting").asText();
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    return admin(method, path, null);
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path, body);
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private void assertNoSeriousAccessibilityViolation() {
    assertEquals(List.of(), Axe.seriousViolations(browser));
  }

  /** Answers yes in the confirmation dialog that asks {@code question}. */
  private void confirm(String question) {
    await("asked: " + question, b -> b.findElement(By.id("confirm")).isDisplayed()
        && b.findElement(By.id("confirm-title")).getText().startsWith(question));
    browser.findElement(By.id("confirm-yes")).click();
    await("the dialog closed", b -> !b.findElement(By.id("confirm")).isDisplayed());
  }

  /** The refusal shown right after the control {@code control} (its id, or a list button's class), or "" when none is. */
  private String refusalBeside(String control) {
    List<WebElement> refusals = browser.findElements(By.cssSelector("[data-refusal-for='" + control + "']"));
    return refusals.isEmpty() || !refusals.get(0).isDisplayed() ? "" : refusals.get(0).getText();
  }

  /** The sessions of the conversation rows shown, read at once. */
  @SuppressWarnings("unchecked")
  private List<String> listedSessions() {
    return (List<String>) script("return [...document.querySelectorAll('#conversations tbody tr[data-session]')].map((row) => row.dataset.session)");
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    await(what, WAIT, condition);
  }

  private void await(String what, Duration wait, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, wait).withMessage(what).until(condition::apply);
  }
}
