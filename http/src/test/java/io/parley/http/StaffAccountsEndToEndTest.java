package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.staff.LinkSecret;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.Sql;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Staff accounts over real HTTP on a node over PostgreSQL: the setup link a fresh node prints makes
 * the first operator and an admin of a new organisation; password sign-in and sign-out with an
 * HttpOnly SameSite=Strict cookie; changes refused without the CSRF token; wrong passwords slowed
 * per email and address, never locking the owner out, and unknown emails answered as known ones; invitations and password resets by single-use links; limits per address; and a tenant
 * admin's publishable keys and allowed sites, which another tenant's admin cannot reach.
 */
class StaffAccountsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SETUP_LINK = Pattern.compile("/setup#([A-Za-z0-9_-]{43})");
  private static final String ORGANISATION = "northwind";
  private static final String OPERATOR = "ada@northwind.example";
  private static final String PASSWORD = "correct horse battery staple";
  private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
  private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
  private static DatabaseSettings database;
  private static ParleyNode node;
  private static Staff operator;

  /** A browser of one address: its sign-in cookie and CSRF token once signed in. */
  private record Staff(String address, String cookie, String csrf, JsonNode session) {}

  @BeforeAll
  static void start() throws Exception {
    // A rerun of the class starts a node of its own, whose setup link is the one to follow.
    LOG.list.clear();
    LOG.start();
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).addAppender(LOG);
    database = TestPostgres.newDatabase();
    node = ParleyNode.start(TestNode.config(database, Optional.empty(), Map.of(
        "parley.identity.tenants", TestIdentity.tenantsJson(),
        "parley.chat.client-address-header", "X-Forwarded-For",
        "parley.staff.free-wrong-passwords", 3,
        "parley.staff.attempts-per-minute", 6)));
    operator = setUp();
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).detachAppender(LOG);
    node.close();
  }

  /** Follows the setup link of the node's log, as its first operator would. */
  private static Staff setUp() throws Exception {
    String link = setupLink();
    String address = newAddress();
    JsonNode state = JSON.readTree(send("GET", "/v1/setup", address, null, null, null).body());
    assertTrue(state.get("pending").asBoolean(), state.toString());
    assertTrue(state.get("hint").asText().contains("First-run setup"), "the hint names what to look for in the log");

    HttpResponse<String> weak = send("POST", "/v1/setup", address, null, null, setupBody(link, "short"));
    assertEquals(400, weak.statusCode(), weak.body());
    assertTrue(message(weak).contains("at least 12 characters"), weak.body());

    HttpResponse<String> done = send("POST", "/v1/setup", address, null, null, setupBody(link, PASSWORD));
    assertEquals(201, done.statusCode(), done.body());
    return signedIn(address, done);
  }

  @Test
  void aPasswordCostBelowOwaspsRecommendationsIsSaidAtStart() {
    // TestNode.config hashes at 64 KiB and one pass.
    assertEquals(1, LOG.list.stream().filter(event -> event.getLevel() == Level.WARN
        && event.getFormattedMessage().contains("at 64 KiB and 1 passes")
        && event.getFormattedMessage().contains("below every OWASP recommendation")).count(), LOG.list.toString());
  }

  @Test
  void theSetupLinkMadeTheFirstOperatorAnAdminOfANewOrganisationAndWorksOnce() throws Exception {
    assertEquals(ORGANISATION, operator.session().get("tenant").asText());
    assertEquals("[\"admin\",\"operator\"]", operator.session().get("roles").toString());
    HttpResponse<String> session = send("GET", "/v1/auth/session", operator.address(), operator, null, null);
    assertEquals(200, session.statusCode(), session.body());
    assertEquals("staff:" + OPERATOR, JSON.readTree(session.body()).get("actor").asText());
    assertFalse(JSON.readTree(send("GET", "/v1/setup", newAddress(), null, null, null).body()).get("pending").asBoolean());

    HttpResponse<String> again = send("POST", "/v1/setup", newAddress(), null, null,
        setupBody(setupLink(), "another long password"));
    assertEquals(410, again.statusCode(), again.body());
    assertTrue(message(again).contains("already used"), again.body());
    assertEquals(1, count("SELECT COUNT(*) FROM staff_accounts WHERE roles LIKE '%operator%'"), "no second operator");
    assertAudited(operator, "staff.setup", "already used");
  }

  @Test
  void theCookieIsHttpOnlyStrictAndSecureBehindTls() throws Exception {
    String cookie = signIn(newAddress(), OPERATOR, PASSWORD, Map.of()).headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.startsWith("parley_session="), cookie);
    assertTrue(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/"), cookie);
    assertFalse(cookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back");
    String behindTls = signIn(newAddress(), OPERATOR, PASSWORD, Map.of("X-Forwarded-Proto", "https"))
        .headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(behindTls.contains("; Secure"), behindTls);
  }

  @Test
  void aChangeWithTheCookieButWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    Staff forged = new Staff(operator.address(), operator.cookie(), null, operator.session());
    HttpResponse<String> refused = send("POST", "/v1/staff/invitations", forged.address(), forged, null,
        "{\"email\": \"mallory@northwind.example\", \"roles\": [\"admin\"]}");
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(message(refused).contains("CSRF token"), refused.body());
    assertFalse(send("GET", "/v1/staff", operator.address(), operator, null, null).body().contains("mallory"));
    assertEquals(0, count("SELECT COUNT(*) FROM staff_links WHERE email = 'mallory@northwind.example'"));
    assertAudited(operator, "csrf", "CSRF token");
  }

  @Test
  void anInvitationMakesAnAgentOnceAndTheAgentIsKeptToItsRoleAndOrganisation() throws Exception {
    String link = invite("grace@northwind.example", "agent");
    String address = newAddress();
    HttpResponse<String> joined = follow(address, link, "a long enough password");
    assertEquals(200, joined.statusCode(), joined.body());
    Staff agent = signedIn(address, joined);
    assertEquals("[\"agent\"]", agent.session().get("roles").toString());

    HttpResponse<String> reused = follow(newAddress(), link, "yet another long password");
    assertEquals(410, reused.statusCode(), reused.body());
    assertTrue(message(reused).contains("already used"), reused.body());

    HttpResponse<String> staff = send("GET", "/v1/staff", agent.address(), agent, null, null);
    assertEquals(403, staff.statusCode(), staff.body());
    assertTrue(message(staff).contains("takes the admin role, and it has agent"), staff.body());

    HttpResponse<String> elsewhere = signIn(newAddress(), "grace@northwind.example", "a long enough password",
        Map.of(), Optional.of("acme"));
    assertEquals(403, elsewhere.statusCode(), elsewhere.body());
    assertTrue(message(elsewhere).contains("belongs to the organisation 'northwind', not 'acme'"), elsewhere.body());
  }

  @Test
  void pendingInvitationsAreListedWithdrawnAndResentByTheTenantsAdminsOnlyWithinTheirRoles() throws Exception {
    String agentLink = invite("mo@northwind.example", "agent");
    String address = newAddress();
    Staff admin = signedIn(address, follow(address, invite("lin@northwind.example", "admin"), "lin's long password"));
    assertEquals("[\"admin\"]", admin.session().get("roles").toString());
    try (Database db = Database.open(database)) {
      Sql.execute(db.dataSource(), "INSERT INTO staff_links (sha256, kind, tenant, email, roles, created_by, created_at, "
          + "expires_at) VALUES ('" + LinkSecret.random(new java.security.SecureRandom()).sha256() + "', 'invitation', "
          + "'northwind', 'root@northwind.example', 'admin,operator', 'test', TIMESTAMP '2020-01-01 00:00:00', "
          + "TIMESTAMP '2999-01-01 00:00:00')");
    }

    HttpResponse<String> listed = send("GET", "/v1/staff/invitations", operator.address(), operator, null, null);
    assertEquals(200, listed.statusCode(), listed.body());
    assertFalse(listed.body().contains(agentLink), "no link is ever listed: " + listed.body());
    JsonNode mo = pending(operator, "mo@northwind.example").orElseThrow();
    assertEquals("[\"agent\"]", mo.get("roles").toString());
    assertEquals("staff:" + OPERATOR, mo.get("createdBy").asText());
    assertTrue(Instant.parse(mo.get("expiresAt").asText()).isAfter(Instant.now()), mo.toString());
    assertTrue(pending(operator, "lin@northwind.example").isEmpty(), "a followed invitation is pending no more");
    String root = pending(operator, "root@northwind.example").orElseThrow().get("id").asText();
    HttpResponse<String> beyond = send("POST", "/v1/staff/invitations/" + root + "/resend", operator.address(), operator, null, null);
    assertEquals(403, beyond.statusCode(), "only agent and admin are granted anew: " + beyond.body());

    assertTrue(pending(admin, "root@northwind.example").isEmpty(), "an invitation granting a role the admin lacks is unseen");
    assertEquals(404, send("POST", "/v1/staff/invitations/" + root + "/withdraw", admin.address(), admin, null, null).statusCode());
    assertEquals(404, send("POST", "/v1/staff/invitations/" + root + "/resend", admin.address(), admin, null, null).statusCode());
    assertTrue(pending(operator, "root@northwind.example").isPresent(), "still pending");

    String agentKey = "Bearer " + TestIdentity.agentKey("acme");
    assertEquals(403, send("GET", "/v1/staff/invitations?tenant=acme", newAddress(), null, agentKey, null).statusCode());
    String otherAdmin = "Bearer " + TestIdentity.adminKey("acme");
    HttpResponse<String> acme = send("GET", "/v1/staff/invitations?tenant=acme", newAddress(), null, otherAdmin, null);
    assertFalse(acme.body().contains("northwind"), acme.body());
    String moId = mo.get("id").asText();
    assertEquals(404, send("POST", "/v1/staff/invitations/" + moId + "/withdraw?tenant=acme", newAddress(), null, otherAdmin, null)
        .statusCode(), "another tenant's admin finds nothing");

    HttpResponse<String> resent = send("POST", "/v1/staff/invitations/" + moId + "/resend", admin.address(), admin, null, null);
    assertEquals(201, resent.statusCode(), resent.body());
    JsonNode link = JSON.readTree(resent.body());
    assertEquals("mo@northwind.example", link.get("email").asText());
    assertEquals("[\"agent\"]", link.get("roles").toString());
    assertEquals(410, follow(newAddress(), agentLink, "mo's long password").statusCode(), "the old link is withdrawn");
    JsonNode again = pending(admin, "mo@northwind.example").orElseThrow();
    assertFalse(again.get("id").asText().equals(moId), "the new link is a new invitation");

    assertEquals(204, send("POST", "/v1/staff/invitations/" + again.get("id").asText() + "/withdraw", admin.address(), admin, null, null)
        .statusCode());
    assertTrue(pending(admin, "mo@northwind.example").isEmpty());
    String newLink = link.get("link").asText();
    assertEquals(410, follow(newAddress(), newLink.substring(newLink.indexOf('#') + 1), "mo's long password").statusCode(),
        "a withdrawn invitation's link no longer works");
    assertEquals(0, count("SELECT COUNT(*) FROM staff_accounts WHERE email = 'mo@northwind.example'"));
    assertTargeted(admin, "staff.invitation_resend", "mo@northwind.example");
    assertTargeted(admin, "staff.invitation_withdraw", "mo@northwind.example");
  }

  /** The pending invitation of {@code email} that {@code staff} sees, if any. */
  private static Optional<JsonNode> pending(Staff staff, String email) throws Exception {
    HttpResponse<String> listed = send("GET", "/v1/staff/invitations", staff.address(), staff, null, null);
    assertEquals(200, listed.statusCode(), listed.body());
    for (JsonNode invitation : JSON.readTree(listed.body()).get("invitations")) {
      if (invitation.get("email").asText().equals(email)) return Optional.of(invitation);
    }
    return Optional.empty();
  }

  /** Waits for a successful entry of {@code action} naming {@code target} in the staff member's tenant's audit log. */
  private static void assertTargeted(Staff staff, String action, String target) throws Exception {
    await(action + " of " + target + " in the audit log").atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> page = send("GET", "/v1/audit?limit=100&action=" + action, staff.address(), staff, null, null);
      for (JsonNode entry : JSON.readTree(page.body()).get("entries")) {
        if (entry.path("target").asText().equals(target) && entry.path("result").asText().equals("ok")) return true;
      }
      return false;
    });
  }

  @Test
  void anExpiredLinkIsRefusedInPlainWords() throws Exception {
    LinkSecret secret = LinkSecret.random(new java.security.SecureRandom());
    try (Database db = Database.open(database)) {
      Sql.execute(db.dataSource(), "INSERT INTO staff_links (sha256, kind, tenant, email, roles, created_by, created_at, "
          + "expires_at) VALUES ('" + secret.sha256() + "', 'invitation', 'northwind', 'late@northwind.example', 'agent', "
          + "'test', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-02 00:00:00')");
    }
    HttpResponse<String> late = follow(newAddress(), secret.secret(), "a long enough password");
    assertEquals(410, late.statusCode(), late.body());
    assertTrue(message(late).contains("expired"), late.body());
    HttpResponse<String> unknown = follow(newAddress(), "not-a-link", "a long enough password");
    assertEquals(410, unknown.statusCode(), unknown.body());
    assertTrue(message(unknown).contains("copied whole"), unknown.body());
    assertEquals(0, count("SELECT COUNT(*) FROM staff_accounts WHERE email = 'late@northwind.example'"));
  }

  @Test
  void wrongPasswordsSlowTheGuessingAddressAndNeverKeepTheOwnerOut() throws Exception {
    String email = "linus@northwind.example";
    assertEquals(200, follow(newAddress(), invite(email, "agent"), "the first long password").statusCode());
    String attacker = newAddress();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> wrong = signIn(attacker, email, "a wrong long password", Map.of());
      assertEquals(401, wrong.statusCode(), wrong.body());
      assertEquals("wrong email or password", message(wrong));
    }
    HttpResponse<String> slowed = signIn(attacker, email, "the first long password", Map.of());
    assertEquals(429, slowed.statusCode(), "even the right password waits at the guessing address: " + slowed.body());
    assertEquals("1", slowed.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(message(slowed).startsWith("too many wrong passwords for this email from this address"), slowed.body());

    HttpResponse<String> owner = signIn(newAddress(), email, "the first long password", Map.of());
    assertEquals(200, owner.statusCode(), "the owner at another address is not kept out: " + owner.body());
    JsonNode listed = JSON.readTree(send("GET", "/v1/staff", operator.address(), operator, null, null).body());
    assertFalse(listed.toString().contains("locked"), listed.toString());

    HttpResponse<String> reset = send("POST", "/v1/staff/" + accountId(email) + "/password-reset", operator.address(),
        operator, null, null);
    assertEquals(201, reset.statusCode(), reset.body());
    String link = JSON.readTree(reset.body()).get("link").asText();
    assertTrue(link.contains("/account#"), link);
    HttpResponse<String> mended = follow(newAddress(), link.substring(link.indexOf('#') + 1), "the second long password");
    assertEquals(200, mended.statusCode(), mended.body());
    assertEquals(200, signIn(newAddress(), email, "the second long password", Map.of()).statusCode());
    assertEquals(401, signIn(newAddress(), email, "the first long password", Map.of()).statusCode());
  }

  @Test
  void anEmailWithoutAnAccountIsAnsweredExactlyAsOneWithAnAccount() throws Exception {
    List<HttpResponse<String>> ofKnown = fourWrongPasswords(OPERATOR);
    List<HttpResponse<String>> ofUnknown = fourWrongPasswords("nobody@northwind.example");
    for (int i = 0; i < 4; i++) {
      assertEquals(i < 3 ? 401 : 429, ofKnown.get(i).statusCode(), ofKnown.get(i).body());
      assertEquals(ofKnown.get(i).statusCode(), ofUnknown.get(i).statusCode(), ofUnknown.get(i).body());
      assertEquals(ofKnown.get(i).body(), ofUnknown.get(i).body());
      for (String header : List.of("Retry-After", "WWW-Authenticate", "Set-Cookie")) {
        assertEquals(ofKnown.get(i).headers().firstValue(header), ofUnknown.get(i).headers().firstValue(header), header);
      }
    }
  }

  /** Four sign-ins of {@code email} with wrong passwords from a new address, one right after the other. */
  private static List<HttpResponse<String>> fourWrongPasswords(String email) throws Exception {
    String address = newAddress();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) answers.add(signIn(address, email, "a wrong long password " + i, Map.of()));
    return answers;
  }

  @Test
  void signingOutEndsTheSessionOnTheNode() throws Exception {
    String address = newAddress();
    Staff staff = signedIn(address, signIn(address, OPERATOR, PASSWORD, Map.of()));
    HttpResponse<String> out = send("POST", "/v1/auth/sign-out", address, staff, null, null);
    assertEquals(204, out.statusCode(), out.body());
    assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    HttpResponse<String> after = send("GET", "/v1/auth/session", address, staff, null, null);
    assertEquals(401, after.statusCode(), after.body());
    assertTrue(message(after).contains("sign in again"), after.body());
  }

  @Test
  void tooManyAttemptsFromOneAddressAreRefusedForAWhile() throws Exception {
    String address = newAddress();
    for (int i = 0; i < 6; i++) signIn(address, "nobody@example.com", "not the password at all", Map.of());
    HttpResponse<String> refused = signIn(address, OPERATOR, PASSWORD, Map.of());
    assertEquals(429, refused.statusCode(), refused.body());
    assertTrue(message(refused).startsWith("too many sign-in attempts from this address"), refused.body());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    assertEquals(200, signIn(newAddress(), OPERATOR, PASSWORD, Map.of()).statusCode(), "other addresses go on");
  }

  @Test
  void aTenantAdminManagesItsPublishableKeysAndSitesAndAnotherTenantsAdminCannot() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/site/publishable-keys", operator.address(), operator, null, null);
    assertEquals(201, created.statusCode(), created.body());
    String key = JSON.readTree(created.body()).get("key").asText();
    String fingerprint = JSON.readTree(created.body()).get("fingerprint").asText();
    HttpResponse<String> anonymous = send("GET", "/v1/auth/session?key=" + key, newAddress(), null, null, null);
    assertEquals(200, anonymous.statusCode(), anonymous.body());
    assertEquals(ORGANISATION, JSON.readTree(anonymous.body()).get("tenant").asText(), "the new key chats with northwind");

    HttpResponse<String> sites = send("PUT", "/v1/site/allowed-origins", operator.address(), operator, null,
        "{\"allowedOrigins\": [\"https://help.northwind.example\"]}");
    assertEquals(200, sites.statusCode(), sites.body());
    HttpResponse<String> bad = send("PUT", "/v1/site/allowed-origins", operator.address(), operator, null,
        "{\"allowedOrigins\": [\"not a site\"]}");
    assertEquals(400, bad.statusCode(), bad.body());
    JsonNode site = JSON.readTree(send("GET", "/v1/site", operator.address(), operator, null, null).body());
    assertEquals("[\"https://help.northwind.example\"]", site.get("allowedOrigins").toString(), "the bad change changed nothing");
    assertEquals(fingerprint, site.get("publishableKeys").get(0).get("fingerprint").asText());
    assertEquals(key, site.get("publishableKeys").get(0).get("key").asText(), "the key itself, as the site's page carries it");

    String acmeAdmin = "Bearer " + TestIdentity.adminKey("acme");
    JsonNode acme = JSON.readTree(send("GET", "/v1/site", newAddress(), null, acmeAdmin, null).body());
    assertEquals("acme", acme.get("tenant").asText());
    assertFalse(acme.toString().contains("northwind"), acme.toString());
    HttpResponse<String> acmeChange = send("PUT", "/v1/site/allowed-origins", newAddress(), null, acmeAdmin,
        "{\"allowedOrigins\": [\"https://evil.example\"]}");
    assertEquals(409, acmeChange.statusCode(), "acme is the operator's (PARLEY_TENANTS): " + acmeChange.body());
    assertEquals(404, send("DELETE", "/v1/site/publishable-keys/" + fingerprint, newAddress(), null, acmeAdmin, null)
        .statusCode(), "acme's admin cannot remove northwind's key");
    HttpResponse<String> reaching = send("PUT", "/v1/site/allowed-origins?tenant=" + ORGANISATION, newAddress(), null,
        acmeAdmin, "{\"allowedOrigins\": [\"https://evil.example\"]}");
    assertEquals(403, reaching.statusCode(), reaching.body());
    assertTrue(message(reaching).startsWith("this credential belongs to the organisation 'acme', not 'northwind'"),
        reaching.body());
    HttpResponse<String> agentTry = send("GET", "/v1/site", newAddress(), null, "Bearer " + TestIdentity.agentKey("acme"), null);
    assertEquals(403, agentTry.statusCode(), agentTry.body());

    assertEquals(200, send("DELETE", "/v1/site/publishable-keys/" + fingerprint, operator.address(), operator, null, null)
        .statusCode());
    assertEquals(401, send("GET", "/v1/auth/session?key=" + key, newAddress(), null, null, null).statusCode(),
        "a removed key is refused");
  }

  @Test
  void theOperatorAccountManagesTenantsWithItsCookieAndAnAdminOnlyAccountIsRefused() throws Exception {
    String entry = "{\"publishableKeys\": [\"pk_fabrikam_0123456789abcdef\"], "
        + "\"allowedOrigins\": [\"https://help.fabrikam.example\"]}";
    Staff forged = new Staff(operator.address(), operator.cookie(), null, operator.session());
    HttpResponse<String> withoutCsrf = send("PUT", "/v1/tenants/fabrikam", forged.address(), forged, null, entry);
    assertEquals(403, withoutCsrf.statusCode(), withoutCsrf.body());
    assertTrue(message(withoutCsrf).contains("CSRF token"), withoutCsrf.body());

    HttpResponse<String> created = send("PUT", "/v1/tenants/fabrikam", operator.address(), operator, null, entry);
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("fabrikam", JSON.readTree(created.body()).get("tenant").asText());
    HttpResponse<String> customer = send("GET", "/v1/auth/session?key=pk_fabrikam_0123456789abcdef", newAddress(), null,
        null, null);
    assertEquals("fabrikam", JSON.readTree(customer.body()).get("tenant").asText(), "the new tenant chats at once: " + customer.body());
    HttpResponse<String> disabled = send("PUT", "/v1/tenants/fabrikam", operator.address(), operator, null,
        entry.replace("{", "{\"disabled\": true, "));
    assertEquals(200, disabled.statusCode(), disabled.body());
    assertTrue(JSON.readTree(disabled.body()).get("disabled").asBoolean(), disabled.body());
    awaitOneRow("the creation naming the account", "SELECT COUNT(*) FROM audit_log WHERE tenant = 'fabrikam' "
        + "AND action = 'tenant.create' AND actor = 'staff:" + OPERATOR + "' AND result = 'ok'");
    awaitOneRow("the disabling naming the account", "SELECT COUNT(*) FROM audit_log WHERE tenant = 'fabrikam' "
        + "AND action = 'tenant.disable' AND actor = 'staff:" + OPERATOR + "'");
    assertTrue(JSON.readTree(send("GET", "/v1/tenants", operator.address(), operator, null, null).body()).toString()
        .contains("\"fabrikam\""));

    String address = newAddress();
    Staff admin = signedIn(address, follow(address, invite("hedy@northwind.example", "admin"), "an admin's long password"));
    HttpResponse<String> refused = send("PUT", "/v1/tenants/initech", admin.address(), admin, null, entry
        .replace("fabrikam", "initech"));
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(message(refused).contains("takes the operator role, and it has admin"), refused.body());
    assertEquals(403, send("GET", "/v1/tenants", admin.address(), admin, null, null).statusCode());
    assertEquals(0, count("SELECT COUNT(*) FROM tenants WHERE tenant = 'initech'"), "nothing was stored");
    awaitOneRow("the refusal naming the account", "SELECT COUNT(*) FROM audit_log WHERE tenant = 'northwind' "
        + "AND action = 'manage_tenants' AND actor = 'staff:hedy@northwind.example' AND result = 'forbidden' "
        + "AND resource = '/v1/tenants/initech'");

    HttpResponse<String> nobody = send("GET", "/v1/tenants", newAddress(), null, null, null);
    assertEquals(401, nobody.statusCode(), nobody.body());
    assertTrue(message(nobody).contains("sign in with an account that has the operator role"), nobody.body());
  }

  private static String invite(String email, String role) throws Exception {
    HttpResponse<String> invited = send("POST", "/v1/staff/invitations", operator.address(), operator, null,
        "{\"email\": \"" + email + "\", \"roles\": [\"" + role + "\"]}");
    assertEquals(201, invited.statusCode(), invited.body());
    String link = JSON.readTree(invited.body()).get("link").asText();
    return link.substring(link.indexOf('#') + 1);
  }

  private static String accountId(String email) throws Exception {
    for (JsonNode account : JSON.readTree(send("GET", "/v1/staff", operator.address(), operator, null, null).body())
        .get("accounts")) {
      if (account.get("email").asText().equals(email)) return account.get("id").asText();
    }
    throw new AssertionError("no account " + email);
  }

  private static HttpResponse<String> follow(String address, String link, String password) throws Exception {
    return send("POST", "/v1/auth/links", address, null, null,
        JSON.createObjectNode().put("link", link).put("password", password).toString());
  }

  private static HttpResponse<String> signIn(String address, String email, String password, Map<String, String> headers)
      throws Exception {
    return signIn(address, email, password, headers, Optional.empty());
  }

  private static HttpResponse<String> signIn(String address, String email, String password, Map<String, String> headers,
      Optional<String> tenant) throws Exception {
    var body = JSON.createObjectNode().put("email", email).put("password", password);
    tenant.ifPresent(name -> body.put("tenant", name));
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("X-Forwarded-For", address);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/auth/sign-in"))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json");
    all.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Staff signedIn(String address, HttpResponse<String> response) throws Exception {
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    JsonNode session = JSON.readTree(response.body());
    return new Staff(address, cookie.substring(0, cookie.indexOf(';')), session.get("csrfToken").asText(), session);
  }

  /** A request from {@code address}, with {@code staff}'s cookie (and CSRF token, when it has one) or an authorization. */
  private static HttpResponse<String> send(String method, String path, String address, Staff staff, String authorization,
      String body) throws Exception {
    return StaffNode.send(node.httpPort(), method, path, address, staff == null ? null : staff.cookie(),
        staff == null ? null : staff.csrf(), authorization, body);
  }

  private static String setupBody(String link, String password) {
    return JSON.createObjectNode().put("link", link).put("email", OPERATOR).put("password", password)
        .put("tenant", ORGANISATION).toString();
  }

  private static String setupLink() {
    for (ILoggingEvent event : LOG.list) {
      Matcher found = SETUP_LINK.matcher(event.getFormattedMessage());
      if (found.find()) return found.group(1);
    }
    throw new AssertionError("no setup link in the log: " + LOG.list);
  }

  private static String newAddress() {
    return "198.51.100." + ADDRESSES.getAndIncrement();
  }

  private static String message(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("error").get("message").asText();
  }

  private static long count(String sql) throws Exception {
    try (Database db = Database.open(database)) {
      return Sql.count(db.dataSource(), sql);
    }
  }

  /** Waits for one row counted by {@code sql}: the audit log writes its entries from a thread of its own. */
  private static void awaitOneRow(String what, String sql) {
    await(what).atMost(Duration.ofSeconds(10)).until(() -> count(sql) == 1);
  }

  /** Waits for an entry of {@code action} whose reason holds {@code reason} in the staff member's tenant's audit log. */
  private static void assertAudited(Staff staff, String action, String reason) throws Exception {
    await(action + " (" + reason + ") in the audit log").atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> page = send("GET", "/v1/audit?limit=100&action=" + action, staff.address(), staff, null, null);
      for (JsonNode entry : JSON.readTree(page.body()).get("entries")) {
        if (entry.path("reason").asText().contains(reason)) return true;
      }
      return false;
    });
  }
}
