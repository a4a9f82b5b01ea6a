package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.persistence.testing.TestH2;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
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
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Staff sign-in through a real OpenID Connect provider (mock-oauth2-server, in-process on a loopback
 * port) configured as tenant acme's {@code oidc}: the console in a real Chromium runs the
 * authorization code flow with PKCE, the node verifies the provider's ID token against its published
 * keys, and the agent takes over a customer who asked for a person. ID tokens of another issuer, or
 * without the agent role, are refused on the agent socket.
 */
class StaffSignInBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLIENT_ID = "parley-console";
  private static final String STAFF = "acme-staff";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @AutoClose("shutdown") private static MockOAuth2Server provider;
  @AutoClose private static ParleyNode node;
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.plain();
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    // Its Netty server: the default one is OkHttp 4's MockWebServer, which the node's OkHttp 5 displaces.
    provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"httpServer\": \"NettyWrapper\"}"));
    provider.start(InetAddress.getLoopbackAddress(), 0);
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get("acme")).putObject("oidc").put("issuer", issuer(STAFF)).put("clientId", CLIENT_ID)
        .put("rolesClaim", "groups");
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(),
        Map.of("parley.identity.tenants", tenants.toString())));
  }

  @Test
  void anAgentSignsInThroughTheProviderAndTakesAConversationOver() throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(STAFF, "dana@acme.example", "JWT", List.of(CLIENT_ID),
        Map.of("groups", List.of("agent", "everyone")), 3600));
    browser.get("http://127.0.0.1:" + node.httpPort() + "/agent?tenant=acme");
    browser.findElement(By.id("agent-name")).sendKeys("Dana");
    browser.findElement(By.id("oidc-signin")).click();
    await(browser, "signed in through the provider", b -> "online".equals(
        b.findElement(By.id("console-status")).getAttribute("data-state")));
    assertTrue(browser.findElement(By.id("console-status")).getText().contains("Dana (acme)"),
        browser.findElement(By.id("console-status")).getText());
    assertFalse(browser.getCurrentUrl().contains("code="), "the code is gone from the address bar");
    Object kept = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return [sessionStorage.getItem('parley.agent.oidc') !== null, document.cookie]");
    assertEquals(List.of(true, ""), kept, "the tokens are in sessionStorage, no cookie");

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human?");
      By waitingCard = By.cssSelector("#queue li[data-session='" + sessionId + "']");
      await(browser, "the customer in the queue", b -> !b.findElements(waitingCard).isEmpty());
      browser.findElement(waitingCard).findElement(By.cssSelector("button.take")).click();
      await(browser, "the conversation held by this agent", b -> "agent".equals(
          b.findElement(By.id("handoff-status")).getAttribute("data-status")));
      JsonNode held = customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("agent"));
      assertEquals("Dana", held.get("agent").asText());
    }

    browser.findElement(By.id("signout")).click();
    await(browser, "signed out", b -> "signed-out".equals(b.findElement(By.id("console-status")).getAttribute("data-state"))
        && b.findElement(By.id("signin")).isDisplayed());
  }

  @Test
  void aShortSessionIsRenewedWithTheRefreshTokenAndEndsWithoutOne() throws Exception {
    // Six seconds: the client renews a token a fifth of its lifetime before it expires, so the
    // renewal comes about five seconds after each token; the node allows its minute of clock skew.
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(STAFF, "ravi@acme.example", "JWT", List.of(CLIENT_ID),
        Map.of("groups", List.of("agent")), 6));
    browser.get("http://127.0.0.1:" + node.httpPort() + "/agent?tenant=acme");
    browser.findElement(By.id("oidc-signin")).click();
    await(browser, "signed in", b -> "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
    String first = idTokenIn(browser);
    await(browser, "the ID token renewed before it expires", b -> !idTokenIn(b).equals(first));
    String renewed = idTokenIn(browser);
    JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(renewed.split("\\.")[1]));
    assertEquals("ravi@acme.example", claims.get("sub").asText());
    assertTrue(claims.get("exp").asLong() > JSON.readTree(java.util.Base64.getUrlDecoder().decode(first.split("\\.")[1]))
        .get("exp").asLong(), "a later expiry");
    try (ChatClient again = ChatClient.open(node.httpPort(), "/v1/agent/ws?token=" + renewed)) {
      assertEquals("ravi@acme.example", again.expect("hello").get("agentId").asText(), "the node takes the renewed token");
    }
    assertEquals("online", browser.findElement(By.id("console-status")).getAttribute("data-state"));

    // Without a refresh token (the provider ended the session), the console session ends with the ID token.
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("const saved = JSON.parse("
        + "sessionStorage.getItem('parley.agent.oidc')); saved.refreshToken = null; "
        + "sessionStorage.setItem('parley.agent.oidc', JSON.stringify(saved));");
    browser.navigate().refresh();
    await(browser, "signed out when the token cannot be renewed", b -> b.findElement(By.id("signin-error")).getText()
        .contains("your session has ended"));
    assertEquals("signed-out", browser.findElement(By.id("console-status")).getAttribute("data-state"));
    assertEquals(null, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return sessionStorage.getItem('parley.agent.oidc')"), "the expired tokens are forgotten");
  }

  private static String idTokenIn(WebDriver browser) {
    Object saved = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return JSON.parse(sessionStorage.getItem('parley.agent.oidc')).idToken");
    return String.valueOf(saved);
  }

  @Test
  void theNodeSaysWhereStaffSignInAndWhereNot() throws Exception {
    JsonNode acme = JSON.readTree(get("/v1/auth/oidc?tenant=acme").body());
    assertEquals(issuer(STAFF), acme.get("issuer").asText());
    assertEquals(CLIENT_ID, acme.get("clientId").asText());
    assertTrue(acme.get("authorizationEndpoint").asText().startsWith(issuer(STAFF)), acme.toString());
    assertEquals(404, get("/v1/auth/oidc?tenant=globex").statusCode(), "globex's staff use API keys");
  }

  @Test
  void aTokenOfAnotherIssuerOrWithoutTheAgentRoleIsRefused() throws Exception {
    String agent = idToken(STAFF, "lee@acme.example", List.of("agent"));
    try (ChatClient lee = ChatClient.open(node.httpPort(), "/v1/agent/ws?token=" + agent)) {
      assertEquals("acme", lee.expect("hello").get("tenant").asText(), "the provider's agent is let in");
    }
    assertEquals(401, upgrade(idToken("elsewhere", "lee@acme.example", List.of("agent"))), "another issuer");
    assertEquals(401, upgrade(idToken(STAFF, "kim@acme.example", List.of("everyone"))), "no agent role");
  }

  @Test
  void anApiKeyWithTheAgentRoleStillSignsIn() throws Exception {
    try (ChatClient desk = ChatClient.openWith(node.httpPort(), "/v1/agent/ws", TestIdentity.agentKey("acme"))) {
      assertEquals("acme", desk.expect("hello").get("tenant").asText());
    }
  }

  /** An ID token the provider issues for the console's client, with {@code groups} as given. */
  private static String idToken(String issuerId, String subject, List<String> groups) throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of(CLIENT_ID),
        Map.of("groups", groups), 3600));
    String form = "grant_type=client_credentials&scope=openid&client_id=" + CLIENT_ID + "&client_secret=unused";
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(provider.tokenEndpointUrl(issuerId).toString()))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode tokens = JSON.readTree(answer.body());
    return tokens.path("id_token").asText(tokens.get("access_token").asText());
  }

  private static String issuer(String issuerId) {
    return provider.issuerUrl(issuerId).toString();
  }

  private static int upgrade(String token) throws Exception {
    return get("/v1/agent/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).statusCode();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(WebDriver browser, String what, Function<WebDriver, Boolean> condition) {
    // The page is left for the provider and comes back: what was found may be gone by the next look.
    new WebDriverWait(browser, WAIT).withMessage(what)
        .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
        .until(condition::apply);
  }
}
