package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's Campaigns view in a real headless Chromium: a paused campaign's leads counted
 * in words with its conversions, resumed from its row (the row then offers Pause and Stop), and axe
 * finds nothing serious in light and in dark. The node has no SIP bridge, so nothing is dialled.
 */
class AdminCampaignsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TENANT = "acme";

  @RegisterExtension static final RunningNode node = RunningNode.offline(Map.of(
      "parley.outbound.allowed-networks", "127.0.0.0/8"));
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final ChromeDriver browser = chromium.browser();

  @Test
  void anAdminReadsACampaignsProgressAndResumesIt() throws Exception {
    HttpResponse<String> created = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/campaigns?tenant=" + TENANT,
        "{\"name\": \"Spring follow-up\", \"paused\": true, \"callerId\": \"+4930111222\", \"leads\": ["
            + "{\"number\": \"sip:ada@127.0.0.1:5999\", \"timeZone\": \"Europe/Berlin\"},"
            + "{\"number\": \"sip:bob@127.0.0.1:5999\", \"timeZone\": \"America/New_York\"}]}");
    assertEquals(201, created.statusCode(), created.body());

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    browser.findElement(By.cssSelector("[data-view='campaigns']")).click();
    await("the campaign", b -> b.findElement(By.id("campaigns")).getText().contains("Spring follow-up"));
    String row = browser.findElement(By.cssSelector("#campaigns tbody tr")).getText();
    assertTrue(row.contains("paused") && row.contains("2 to call") && row.contains("0 of 0 reached (0%)"), row);
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
    TestChromium.colourScheme(browser, "light");

    browser.findElement(By.cssSelector("#campaigns button[aria-label='Resume Spring follow-up']")).click();
    await("resumed", b -> b.findElement(By.cssSelector("#campaigns tbody tr")).getText().contains("running")
        && !b.findElements(By.cssSelector("#campaigns button[aria-label='Pause Spring follow-up']")).isEmpty());
  }

  @Test
  void anAdminCreatesACampaignWithAVoicemailMessageInEachLanguage() throws Exception {
    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    browser.findElement(By.cssSelector("[data-view='campaigns']")).click();
    await("the form", b -> b.findElement(By.id("campaign-name")).isDisplayed());
    browser.findElement(By.id("campaign-name")).sendKeys("Autumn renewals");
    browser.findElement(By.id("campaign-purpose")).sendKeys("Renew the lamp service contract");
    browser.findElement(By.id("campaign-voicemail")).sendKeys("en: Hello, this is Acme Lamps about your contract.\n"
        + "de: Guten Tag, hier ist Acme Lamps wegen Ihres Vertrags.");
    assertEquals(List.of(), Axe.seriousViolations(browser), "the filled form");
    browser.findElement(By.id("campaign-submit")).click();
    await("created", b -> b.findElement(By.id("campaigns")).getText().contains("Autumn renewals"));

    JsonNode campaigns = new ObjectMapper().readTree(TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/campaigns?tenant=" + TENANT, null).body()).get("campaigns");
    JsonNode created = null;
    for (JsonNode campaign : campaigns) if (campaign.get("name").asText().equals("Autumn renewals")) created = campaign;
    assertNotNull(created, campaigns.toString());
    assertEquals("paused", created.get("status").asText());
    assertEquals("Renew the lamp service contract", created.get("purpose").asText());
    assertEquals("Hello, this is Acme Lamps about your contract.", created.get("voicemail").get("en").asText());
    assertEquals("Guten Tag, hier ist Acme Lamps wegen Ihres Vertrags.", created.get("voicemail").get("de").asText());
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    // The table is drawn anew as the campaign's progress comes: a row read while it is replaced is read again.
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }
}
