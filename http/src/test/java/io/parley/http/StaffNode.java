package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.Sql;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * A node over PostgreSQL, with the tenants of {@link TestIdentity}, whose first operator followed
 * the setup link of the node's log; and the requests tests of staff accounts send it, each from a
 * client address of its own (the node reads {@code X-Forwarded-For}), with a staff member's cookie
 * and CSRF token or with an {@code Authorization}.
 */
final class StaffNode implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The operator's password. */
  static final String PASSWORD = "correct horse battery staple";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SETUP_LINK = Pattern.compile("/setup#([A-Za-z0-9_-]{43})");
  private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

  /** A browser of one address: its sign-in cookie, and its CSRF token (null: a forged request without it). */
  record Staff(String address, String cookie, String csrf, JsonNode session) {}

  final DatabaseSettings database;
  final Config config;
  final ParleyNode node;
  final Staff operator;

  private StaffNode(DatabaseSettings database, Config config, ParleyNode node, Staff operator) {
    this.database = database;
    this.config = config;
    this.node = node;
    this.operator = operator;
  }

  /** Starts the node and makes its operator, {@code email} with {@link #PASSWORD}, an admin of {@code tenant}. */
  static StaffNode start(String tenant, String email, Map<String, Object> overrides) throws Exception {
    return start(tenant, email, overrides, Optional.empty());
  }

  /** As above, the node's model at {@code model} (a fake one's base URL). */
  static StaffNode start(String tenant, String email, Map<String, Object> overrides, Optional<URI> model) throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger staffLog = (Logger) LoggerFactory.getLogger(StaffAccess.class);
    staffLog.addAppender(log);
    DatabaseSettings database = TestPostgres.newDatabase();
    Map<String, Object> settings = new HashMap<>(Map.of("parley.chat.client-address-header", "X-Forwarded-For",
        "parley.staff.attempts-per-minute", 1000));
    settings.putAll(overrides);
    Config config = TestNode.config(database, model, settings);
    ParleyNode node;
    try {
      node = ParleyNode.start(config);
    } finally {
      staffLog.detachAppender(log);
    }
    StaffNode started = new StaffNode(database, config, node, null);
    String address = newAddress();
    HttpResponse<String> done = started.send("POST", "/v1/setup", address, null, null, JSON.createObjectNode()
        .put("link", setupLink(log)).put("email", email).put("password", PASSWORD).put("tenant", tenant).toString());
    assertEquals(201, done.statusCode(), done.body());
    return new StaffNode(database, config, node, signedIn(address, done));
  }

  @Override
  public void close() {
    node.close();
  }

  /** A request from {@code address}, with {@code staff}'s cookie (and CSRF token, when it has one) or an authorization. */
  HttpResponse<String> send(String method, String path, String address, Staff staff, String authorization, String body)
      throws Exception {
    return send(node.httpPort(), method, path, address, staff == null ? null : staff.cookie(),
        staff == null ? null : staff.csrf(), authorization, body);
  }

  /**
   * A request to the node on {@code httpPort} from {@code address} (its {@code X-Forwarded-For}), with a
   * sign-in {@code cookie} and its {@code csrf} token, or an {@code authorization}; each may be null.
   */
  static HttpResponse<String> send(int httpPort, String method, String path, String address, String cookie, String csrf,
      String authorization, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("X-Forwarded-For", address);
    if (body != null) request.header("Content-Type", "application/json");
    if (cookie != null) request.header("Cookie", cookie);
    if (csrf != null) request.header("X-Csrf-Token", csrf);
    if (authorization != null) request.header("Authorization", authorization);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Follows an invitation or reset link (its secret) with {@code password}. */
  HttpResponse<String> follow(String address, String secret, String password) throws Exception {
    return send("POST", "/v1/auth/links", address, null, null,
        JSON.createObjectNode().put("link", secret).put("password", password).toString());
  }

  HttpResponse<String> signIn(String address, String email, String password) throws Exception {
    return send("POST", "/v1/auth/sign-in", address, null, null,
        JSON.createObjectNode().put("email", email).put("password", password).toString());
  }

  /** {@code by} (or the bearer of {@code authorization}) invites {@code email} with {@code role}; the invitation's secret. */
  String invite(Staff by, String authorization, String email, String role) throws Exception {
    HttpResponse<String> invited = send("POST", "/v1/staff/invitations", by == null ? newAddress() : by.address(), by,
        authorization, "{\"email\": \"" + email + "\", \"roles\": [\"" + role + "\"]}");
    assertEquals(201, invited.statusCode(), invited.body());
    return secretOf(JSON.readTree(invited.body()).get("link").asText());
  }

  /**
   * {@code email} joins the tenant of {@code by} (or of the bearer of {@code authorization}) with
   * {@code role}, signed in from an address of its own.
   */
  Staff join(Staff by, String authorization, String email, String role) throws Exception {
    String address = newAddress();
    HttpResponse<String> joined = follow(address, invite(by, authorization, email, role), "a long enough password");
    assertEquals(200, joined.statusCode(), joined.body());
    return signedIn(address, joined);
  }

  /**
   * Makes {@code email} a staff member of {@code tenant} on the node on {@code httpPort}, with
   * {@code role} and the password {@link #PASSWORD}: invited with the tenant's admin key, the
   * invitation followed, as a new member does.
   */
  static void account(int httpPort, String tenant, String email, String role) throws Exception {
    String address = newAddress();
    HttpResponse<String> invited = send(httpPort, "POST", "/v1/staff/invitations", address, null, null,
        "Bearer " + TestIdentity.adminKey(tenant), "{\"email\": \"" + email + "\", \"roles\": [\"" + role + "\"]}");
    assertEquals(201, invited.statusCode(), invited.body());
    HttpResponse<String> joined = send(httpPort, "POST", "/v1/auth/links", address, null, null, null, JSON.createObjectNode()
        .put("link", secretOf(JSON.readTree(invited.body()).get("link").asText())).put("password", PASSWORD).toString());
    assertEquals(200, joined.statusCode(), joined.body());
  }

  long count(String sql) throws Exception {
    try (Database db = Database.open(database)) {
      return Sql.count(db.dataSource(), sql);
    }
  }

  void execute(String sql) throws Exception {
    try (Database db = Database.open(database)) {
      Sql.execute(db.dataSource(), sql);
    }
  }

  static Staff signedIn(String address, HttpResponse<String> response) throws Exception {
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    JsonNode session = JSON.readTree(response.body());
    return new Staff(address, cookie.substring(0, cookie.indexOf(';')), session.get("csrfToken").asText(), session);
  }

  /** The secret of a link {@code <node>/account#<secret>}. */
  static String secretOf(String link) {
    return link.substring(link.indexOf('#') + 1);
  }

  static String newAddress() {
    int n = ADDRESSES.getAndIncrement();
    return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
  }

  static String message(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("error").get("message").asText();
  }

  private static String setupLink(ListAppender<ILoggingEvent> log) {
    for (ILoggingEvent event : log.list) {
      Matcher found = SETUP_LINK.matcher(event.getFormattedMessage());
      if (found.find()) return found.group(1);
    }
    throw new AssertionError("no setup link in the log: " + log.list);
  }
}
