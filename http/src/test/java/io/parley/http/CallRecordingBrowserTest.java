package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A recorded call played in the admin console in a real headless Chromium, its admin signed in with
 * a password (the console reads the recording with its cookie): a caller on baresip agrees to the
 * recording and asks a question; the conversation's view shows a player of the recording beside its
 * transcript, and the caller's message a button that plays the recording from when it was said;
 * axe-core finds nothing serious on it.
 */
@RealTime
class CallRecordingBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TENANT = TestIdentity.DEFAULT_TENANT;
  private static final String HEAD = "head@calls.example";

  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @Test
  void anAdminSignedInWithAPasswordPlaysACallFromACallersMessage(@TempDir Path dir) throws Exception {
    TestS3 s3 = TestS3.shared();
    PhonePorts ports = PhonePorts.take(200);
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "Your ticket is open.");
        StaffNode staff = StaffNode.start(TENANT, HEAD, ports.settingsWith(TestNode.s3Archive(s3, s3.newBucketName(),
            Map.of("parley.answer-cache.enabled", false))), Optional.of(model.baseUrl()))) {
      int port = staff.node.httpPort();
      assertEquals(200, TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=" + TENANT,
          "{\"config\": {\"voice\": {\"recording\": \"ask\"}}}").statusCode());
      String sessionId = CallRecordingEndToEndTest.call(dir, CallRecordingEndToEndTest.whoAnswers("Yes, that is fine."),
          ports.sip(), port).sessionId();
      awaitSession(port, sessionId, view -> view.get("status").asText().equals("archived"));
      new WebDriverWait(browser, WAIT).withMessage("the recording stored").until(b -> {
        try {
          return CallRecordingEndToEndTest.recording(port, sessionId).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      });

      AdminConsolePage.signInWithPassword(browser, port, HEAD, StaffNode.PASSWORD);
      AdminConsolePage.openConversation(browser, sessionId);

      await("the player, loaded", b -> Boolean.TRUE.equals(script("const player = document.querySelector("
          + "'#transcript-recording audio'); return player !== null && player.src.startsWith('blob:')"
          + " && player.readyState >= 1 && player.duration > 3")));
      assertTrue(browser.findElement(By.id("transcript-recording-title")).isDisplayed());
      By fromQuestion = By.cssSelector("#transcript-messages li[data-role='user'] button.recording__seek");
      String label = browser.findElement(fromQuestion).getText();
      assertTrue(label.matches("Play from 0:[0-5][0-9]"), label);
      browser.findElement(fromQuestion).click();
      double expected = Integer.parseInt(label.substring(label.length() - 2));
      await("the player at the question", b -> ((Number) script(
          "return document.querySelector('#transcript-recording audio').currentTime")).doubleValue() >= expected);
      assertEquals(List.of(), Axe.seriousViolations(browser));
      Files.write(Path.of("target/admin-console-call-recording.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
