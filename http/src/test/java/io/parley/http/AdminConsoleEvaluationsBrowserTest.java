package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.Awaiting;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The bot view's Evaluations panel in a real Chromium, on a node whose fake OpenAI-compatible model
 * answers as its system prompt says and judges as the conversation shows ({@link
 * EvaluationsEndToEndTest#answer}): with cases made over REST and a publish gate in the live
 * configuration, an admin runs the cases on a draft that breaks one, sees its progress, the failing
 * and the passing case with each expectation's verdict and the judge's reason, a transcript, and
 * the comparison with the live version's run; the publish is refused by the gate beside the
 * button; the mended draft, run again, passes every case and is published. axe finds nothing
 * serious in the panel's results. Beside it, the Experiments panel starts, watches and stops an
 * experiment.
 */
class AdminConsoleEvaluationsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "initech";
  private static final String GATE = "\"answerCache\": false, \"evaluationGate\": {\"minPassRate\": 0.9}";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(EvaluationsEndToEndTest::answer));
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @Test
  void anAdminRunsTheCasesOnTheDraftIsHeldAtTheGateAndPublishesTheMendedDraft() throws Exception {
    assertEquals(200, admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\", " + GATE + "}}").statusCode());
    String refunds = created("{\"name\": \"refunds\", \"messages\": [\"Can I get a refund?\"], \"expect\": ["
        + "{\"contains\": \"refund\"}, {\"notContains\": {\"pattern\": \"(?i)spring sale\"}}]}");
    String offers = created("{\"name\": \"offers\", \"messages\": [\"Any offers?\"],"
        + " \"expect\": [{\"judge\": \"The assistant mentions the spring sale.\"}]}");
    String liveRun = JSON.readTree(admin("POST", "/v1/evaluations/runs", "{\"config\": \"live\"}").body()).get("runId").asText();
    Awaiting.await("the live version's run").atMost(WAIT)
        .until(() -> JSON.readTree(admin("GET", "/v1/evaluations/runs/" + liveRun, null).body())
        .get("status").asText().equals("finished"));

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    await("the cases listed in the bot view", b -> b.findElements(By.cssSelector("#evaluation-cases li[data-case]")).size() == 2);
    assertTrue(browser.findElement(By.cssSelector("#evaluation-cases li[data-case='" + refunds + "']")).getText()
        .contains("refunds"));

    draft("Mention the spring sale.");
    run();
    await("the draft's run: refunds fails, offers passes", b -> verdictOf(refunds).equals("fail") && verdictOf(offers).equals("pass"));
    @SuppressWarnings("unchecked")
    List<String> progress = (List<String>) script("return window.progressSeen");
    assertTrue(progress.stream().anyMatch(line -> line.matches("Running on draft \\d+: \\d of 2 cases done\\.")), progress.toString());
    assertEquals(List.of("fail", "fail"), expectationVerdicts(refunds));
    assertTrue(caseText(refunds).contains("Yes! Our spring sale ends on Sunday."), "the forbidden text seen: " + caseText(refunds));
    assertTrue(caseText(offers).contains("It mentions the spring sale."), "the judge's reason: " + caseText(offers));
    assertEquals("Pass rate: 50 %", browser.findElement(By.cssSelector("#evaluations-summary .evaluations__rate")).getText());
    assertEquals("Live version 1 passed 50 %: the draft is level with it.",
        browser.findElement(By.cssSelector("#evaluations-summary .evaluations__compared")).getText());
    assertEquals("Pass live, not on the draft: refunds.",
        browser.findElement(By.cssSelector("#evaluations-summary .evaluations__regressions")).getText());
    WebElement transcript = browser.findElement(By.cssSelector("#evaluation-results li[data-case='" + refunds + "'] details"));
    transcript.findElement(By.tagName("summary")).click();
    await("the transcript open", b -> transcript.findElement(By.tagName("ol")).getText()
        .contains("Customer: Can I get a refund?\nBot (llm): Yes! Our spring sale ends on Sunday."));
    assertEquals(List.of(), Axe.seriousViolations(browser));
    Files.write(Path.of("target/admin-console-evaluations.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    publish();
    await("the gate's refusal beside the publish button", b -> refusalBeside("draft-actions").contains("refunds (fail)"));
    assertEquals(1, JSON.readTree(admin("GET", "/v1/config", null).body()).get("version").asInt(), "nothing published");

    draft("Mention the spring sale only when asked about offers.");
    run();
    await("the mended draft passes both", b -> verdictOf(refunds).equals("pass") && verdictOf(offers).equals("pass")
        && browser.findElement(By.cssSelector("#evaluations-summary .evaluations__rate")).getText().equals("Pass rate: 100 %"));
    assertEquals("Live version 1 passed 50 %: the draft is 50 points above it.",
        browser.findElement(By.cssSelector("#evaluations-summary .evaluations__compared")).getText());
    assertEquals(List.of(), Axe.seriousViolations(browser));
    publish();
    await("published", b -> b.findElement(By.id("draft-status")).getText().equals("Published as version 2."));
    assertEquals("", refusalBeside("draft-actions"));
  }

  /**
   * The Experiments panel: the admin starts the draft against the live version on half of the new
   * conversations, sees the arms fill as customers talk (each figure with its interval and the
   * difference), and stops it; axe finds nothing serious in the panel.
   */
  @Test
  void anAdminStartsAnExperimentWatchesItsArmsAndStopsIt() throws Exception {
    String tenant = "globex";
    assertEquals(200, admin(tenant, "PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}}").statusCode());
    assertEquals(200, admin(tenant, "PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Max\"}}").statusCode());
    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), tenant);
    await("the draft offered as the candidate", b -> b.findElement(By.id("experiment-candidate")).getText()
        .contains("The draft (draft 1)"));
    WebElement share = browser.findElement(By.id("experiment-share"));
    share.clear();
    share.sendKeys("50");
    browser.findElement(By.id("experiment-submit")).click();
    await("the experiment watched", b -> b.findElement(By.id("experiment-watch")).isDisplayed()
        && b.findElement(By.id("experiment-status")).getText().startsWith("Experiment 1 started: draft 1 on 50 %"));
    assertEquals("Experiment 1: draft 1 against version 1, 50 % of new conversations",
        browser.findElement(By.id("experiment-watch-title")).getText());

    for (int i = 0; i < 6; i++) {
      ConversationsEndToEndTest.converse(node.httpPort(), tenant, Optional.empty(), List.of("Hello " + i));
    }
    await("the arms counting the six conversations", b -> {
      b.findElement(By.id("experiment-refresh")).click();
      return sixIn(b.findElement(By.id("experiment-since")).getText());
    });
    List<WebElement> rows = browser.findElements(By.cssSelector("#experiment-arms tr"));
    assertEquals(6, rows.size());
    assertEquals("Containment", rows.get(0).findElement(By.tagName("th")).getText());
    assertTrue(rows.get(0).findElements(By.tagName("td")).stream().anyMatch(cell -> cell.getText().contains(" to ")),
        "an interval shown: " + rows.get(0).getText());
    assertEquals(List.of(), Axe.seriousViolations(browser));
    Files.write(Path.of("target/admin-console-experiments.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.id("experiment-stop")).click();
    await("stopped", b -> b.findElement(By.id("experiment-status")).getText()
        .equals("Experiment 1 stopped: new conversations get the live version.")
        && b.findElement(By.id("experiment-list")).getText().contains("stopped"));
    assertTrue(browser.findElement(By.id("experiment-start")).isDisplayed(), "another may be started");
  }

  private static boolean sixIn(String since) {
    Matcher counts = Pattern.compile("(\\d+) live, (\\d+) on the candidate").matcher(since);
    return counts.find() && Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2)) == 6;
  }

  /** Types a draft with {@code instructions} into the JSON tab. */
  private void draft(String instructions) {
    browser.findElement(By.id("tab-json")).click();
    WebElement editor = browser.findElement(By.id("draft-editor"));
    editor.clear();
    editor.sendKeys("{\"assistantName\": \"Ava\", \"instructions\": \"" + instructions + "\", " + GATE + "}");
  }

  /** Runs the cases on the draft, noting every progress line the panel shows meanwhile. */
  private void run() {
    script("""
        window.progressSeen = [];
        new MutationObserver(() => window.progressSeen.push(document.getElementById('evaluations-progress').textContent))
          .observe(document.getElementById('evaluations-progress'), { childList: true, characterData: true, subtree: true });""");
    browser.findElement(By.id("evaluations-run")).click();
    await("the run started", b -> !b.findElements(By.cssSelector("#evaluation-results li")).isEmpty()
        || ((List<?>) script("return window.progressSeen")).size() > 0);
  }

  private void publish() {
    browser.findElement(By.id("publish")).click();
    await("asked to confirm", b -> b.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-yes")).click();
    await("the dialog closed", b -> !b.findElement(By.id("confirm")).isDisplayed());
  }

  /** Read in the page in one step: the results are drawn again on every poll of the run, which would stale an element. */
  private String verdictOf(String caseId) {
    return (String) script("return document.querySelector(arguments[0])?.dataset.verdict ?? ''",
        "#evaluation-results li[data-case='" + caseId + "']");
  }

  @SuppressWarnings("unchecked")
  private List<String> expectationVerdicts(String caseId) {
    return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map((line) => line.dataset.verdict)",
        "#evaluation-results li[data-case='" + caseId + "'] .evaluations__expectations > li");
  }

  private String caseText(String caseId) {
    return browser.findElement(By.cssSelector("#evaluation-results li[data-case='" + caseId + "'] .evaluations__expectations")).getText();
  }

  private String created(String definition) throws Exception {
    HttpResponse<String> created = admin("POST", "/v1/evaluations/cases", definition);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode body = JSON.readTree(created.body());
    return body.get("caseId").asText();
  }

  private String refusalBeside(String control) {
    List<WebElement> refusals = browser.findElements(By.cssSelector("[data-refusal-for='" + control + "']"));
    return refusals.isEmpty() || !refusals.get(0).isDisplayed() ? "" : refusals.get(0).getText();
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return admin(TENANT, method, path, body);
  }

  private HttpResponse<String> admin(String tenant, String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + tenant, body);
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(() -> what + "; shown: " + shown()).until(condition::apply);
  }

  /** The page's refusals and status lines, for a wait that times out to say what the admin saw. */
  private Object shown() {
    return script("""
        return [...document.querySelectorAll('[data-refusal-for], #refusal, #draft-status, #evaluations-progress')]
          .map((line) => `${line.id || line.dataset.refusalFor}: ${line.textContent}`).join(' | ')""");
  }
}
