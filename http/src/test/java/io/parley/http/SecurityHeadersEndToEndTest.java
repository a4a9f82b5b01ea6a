package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The headers that keep other sites from framing the node's pages, over real HTTP on a node whose
 * public address is https but which is reached over plain HTTP, as behind a TLS proxy that says
 * nothing: each page's policy as a header with {@code frame-ancestors}, the widget's script still
 * loadable by any site, and the sign-in cookie {@code Secure}.
 */
class SecurityHeadersEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern META_POLICY =
      Pattern.compile("<meta http-equiv=\"Content-Security-Policy\"\\s+content=\"([^\"]+)\"");
  private static final Pattern SETUP_LINK = Pattern.compile("/setup#([A-Za-z0-9_-]{43})");
  private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    // A rerun of the class starts a node of its own, whose setup link is the one to follow.
    LOG.list.clear();
    LOG.start();
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).addAppender(LOG);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(),
        Map.of("parley.staff.public-url", "https://support.northwind.example")));
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).detachAppender(LOG);
    node.close();
  }

  @Test
  void everyPageCarriesItsOwnPolicyAsAHeaderAndMayNotBeFramed() throws Exception {
    for (String path : new String[] {"/", "/admin", "/agent", "/setup", "/account", "/index.html", "/admin.html",
        "/agent.html", "/account.html"}) {
      HttpResponse<String> page = get(path);
      assertEquals(200, page.statusCode(), path);
      Matcher meta = META_POLICY.matcher(page.body());
      assertTrue(meta.find(), path + " keeps its meta tag");
      assertEquals(Optional.of(meta.group(1) + "; frame-ancestors 'none'"),
          page.headers().firstValue("Content-Security-Policy"), path);
      assertEquals(Optional.of("DENY"), page.headers().firstValue("X-Frame-Options"), path);
      assertEquals(Optional.of("no-referrer"), page.headers().firstValue("Referrer-Policy"), path);
      assertEquals(Optional.of("nosniff"), page.headers().firstValue("X-Content-Type-Options"), path);
    }
  }

  @Test
  void theDraftTryPageMayBeFramedByTheAdminConsoleOnly() throws Exception {
    HttpResponse<String> page = get("/admin-try.html");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().endsWith("; frame-ancestors 'self'"));
    assertEquals(Optional.of("SAMEORIGIN"), page.headers().firstValue("X-Frame-Options"));
  }

  @Test
  void theWidgetsScriptStaysLoadableByAnySite() throws Exception {
    HttpResponse<String> script = get("/widget.js");
    assertEquals(200, script.statusCode());
    assertEquals(Optional.of("*"), script.headers().firstValue("Access-Control-Allow-Origin"));
    assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("application/javascript"));
    assertEquals(Optional.of("nosniff"), script.headers().firstValue("X-Content-Type-Options"));
    assertEquals(Optional.empty(), script.headers().firstValue("X-Frame-Options"));
    assertEquals(Optional.empty(), script.headers().firstValue("Content-Security-Policy"));
  }

  @Test
  void theSignInCookieIsSecureWhenThePublicAddressIsHttpsThoughThisRequestWasPlain() throws Exception {
    String link = null;
    for (ILoggingEvent event : LOG.list) {
      Matcher found = SETUP_LINK.matcher(event.getFormattedMessage());
      if (found.find()) link = found.group(1);
    }
    assertTrue(link != null, "the setup link is in the log: " + LOG.list);
    String body = JSON.createObjectNode().put("link", link).put("email", "ada@northwind.example")
        .put("password", "correct horse battery staple").put("tenant", "northwind").toString();
    HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(uri("/v1/setup")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, done.statusCode(), done.body());
    String cookie = done.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.startsWith("parley_session=") && cookie.contains("; Secure"), cookie);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
