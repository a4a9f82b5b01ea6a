package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.StaffNode.JSON;
import static io.parley.http.StaffNode.message;
import static io.parley.http.StaffNode.newAddress;
import static io.parley.http.StaffNode.secretOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.identity.staff.LinkSecret;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what to whom among a tenant's staff, over real HTTP on a node whose operator account
 * is, as the first-run setup makes it, also an admin of acme: every caller (nobody, a customer, an
 * agent, acme's admin by API key and by account, globex's admin, the operator account, the operator
 * token) tries every action (list the staff, invite with each role, reset the password of and
 * remove an agent, an admin and the operator, mint API keys with each role, the tenants API), and
 * each cell has the status it must get. The whole table is tried and every cell that differs is
 * reported at once. A tenant admin must not reach the operator account: were it able to reset its
 * password, it would sign in as the operator and manage every tenant.
 */
class StaffRolesMatrixTest {
  private static final String TENANT = "acme";
  private static final String OPERATOR_EMAIL = "root@acme.example";
  private static final String ADMIN_EMAIL = "hedy@acme.example";
  private static final String ACME_ADMIN = "Bearer " + TestIdentity.adminKey(TENANT);
  private static final AtomicInteger SERIAL = new AtomicInteger();
  private static StaffNode parley;
  private static StaffNode.Staff admin;
  private static String operatorId;
  private static String agentId;
  private static String adminId;

  /** Who calls. */
  private enum Who {
    ANONYMOUS, CUSTOMER, AGENT, ADMIN_KEY, ADMIN_ACCOUNT, OTHER_TENANT_ADMIN, OPERATOR, OPERATOR_TOKEN
  }

  /** What is tried; a list of the staff is told apart by whether the operator account is in it. */
  private enum Act {
    LIST_STAFF, INVITE_AGENT, INVITE_ADMIN, INVITE_OPERATOR, RESET_AGENT, RESET_ADMIN, RESET_OPERATOR, REMOVE_AGENT,
    REMOVE_ADMIN, REMOVE_OPERATOR, KEY_AGENT, KEY_ADMIN, KEY_OPERATOR, LIST_TENANTS, PUT_TENANT
  }

  private static final String SEES = "200 with the operator";
  private static final String HIDDEN = "200 without the operator";

  /** The expected outcome of each action, in the order of {@link Act}, for each caller. */
  private static final Map<Who, List<String>> EXPECTED = Map.of(
      Who.ANONYMOUS, row("401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401"),
      Who.CUSTOMER, row("403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "401", "401"),
      Who.AGENT, row("403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "401", "401"),
      Who.ADMIN_KEY, row(HIDDEN, "201", "201", "400", "201", "201", "404", "204", "204", "404", "201", "201", "400", "401", "401"),
      Who.ADMIN_ACCOUNT, row(HIDDEN, "201", "201", "400", "201", "201", "404", "204", "204", "404", "201", "201", "400", "403",
          "403"),
      Who.OTHER_TENANT_ADMIN, row(HIDDEN, "201", "201", "400", "404", "404", "404", "404", "404", "404", "201", "201", "400",
          "401", "401"),
      // Its own account: it may reset its own password, not remove itself.
      Who.OPERATOR, row(SEES, "201", "201", "400", "201", "201", "201", "204", "204", "409", "201", "201", "400", "200", "201"),
      Who.OPERATOR_TOKEN, row("401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "401", "200",
          "201"));

  @BeforeAll
  static void start() throws Exception {
    parley = StaffNode.start(TENANT, OPERATOR_EMAIL, Map.of("parley.management.ops-token", OpsClient.TOKEN));
    admin = parley.join(parley.operator, null, ADMIN_EMAIL, "admin");
    parley.join(parley.operator, null, "grace@acme.example", "agent");
    parley.join(parley.operator, null, "ida@acme.example", "admin");
    operatorId = accountId(parley.operator, null, OPERATOR_EMAIL);
    agentId = accountId("grace@acme.example");
    adminId = accountId("ida@acme.example");
  }

  @AfterAll
  static void stop() {
    parley.close();
  }

  @Test
  void everyCallerGetsWhatItsRolesAllowOnEveryStaffAccountAndNoTenantAdminReachesTheOperator() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Who who : Who.values()) {
      for (Act act : Act.values()) {
        String expected = EXPECTED.get(who).get(act.ordinal());
        String got = outcome(who, act);
        if (!got.equals(expected)) wrong.add(who + " " + act + ": expected " + expected + ", got " + got);
      }
    }
    assertEquals(List.of(), wrong, "cells of the matrix that differ");
    HttpResponse<String> stillIn = parley.send("GET", "/v1/auth/session", parley.operator.address(), parley.operator, null,
        null);
    assertEquals(200, stillIn.statusCode(), "the operator is still signed in: " + stillIn.body());
    assertEquals(0, parley.count("SELECT COUNT(*) FROM staff_links WHERE account_id = '" + operatorId + "' AND created_by "
        + "IN ('key:test-admin', 'staff:" + ADMIN_EMAIL + "')"), "no admin made a link for the operator account");
    await("the refused reset of the operator in the audit log").atMost(Duration.ofSeconds(10)).until(() ->
        parley.count("SELECT COUNT(*) FROM audit_log WHERE tenant = 'acme' AND action = 'staff.password_reset' AND "
            + "actor = 'staff:" + ADMIN_EMAIL + "' AND result = 'not_found' AND resource = '/v1/staff/" + operatorId
            + "/password-reset'") == 1);
  }

  @Test
  void aResetLinkWhoseMakerDoesNotReachTheOperatorIsRefusedWhenFollowed() throws Exception {
    LinkSecret secret = LinkSecret.random(new SecureRandom());
    parley.execute("INSERT INTO staff_links (sha256, kind, tenant, email, roles, account_id, created_by, created_at, "
        + "expires_at) VALUES ('" + secret.sha256() + "', 'reset', 'acme', '" + OPERATOR_EMAIL + "', 'admin', '" + operatorId
        + "', 'staff:mallory@acme.example', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + INTERVAL '1' DAY)");
    HttpResponse<String> refused = parley.follow(newAddress(), secret.secret(), "the attacker's long password");
    assertEquals(410, refused.statusCode(), refused.body());
    assertTrue(message(refused).contains("made by someone who may not reset this account"), refused.body());
    assertEquals(401, parley.signIn(newAddress(), OPERATOR_EMAIL, "the attacker's long password").statusCode());
    assertEquals(200, parley.send("GET", "/v1/auth/session", parley.operator.address(), parley.operator, null, null)
        .statusCode(), "the operator is still signed in");
  }

  @Test
  void everyChangeOfAStaffAccountNamesWhoMadeItAndToWhom() throws Exception {
    String email = "audit-" + SERIAL.incrementAndGet() + "@acme.example";
    String address = newAddress();
    StaffNode.Staff joined = StaffNode.signedIn(address,
        parley.follow(address, parley.invite(admin, null, email, "agent"), "a long enough password"));
    String id = accountId(email);
    String target = email + " (" + id + ")";
    HttpResponse<String> reset = parley.send("POST", "/v1/staff/" + id + "/password-reset", admin.address(), admin, null,
        null);
    assertEquals(201, reset.statusCode(), reset.body());
    assertEquals(200, parley.follow(newAddress(), secretOf(JSON.readTree(reset.body()).get("link").asText()),
        "another long enough password").statusCode());
    assertEquals(204, parley.send("DELETE", "/v1/staff/" + id, admin.address(), admin, null, null).statusCode());

    String byAdmin = "staff:" + ADMIN_EMAIL;
    assertAudited("staff.invite", byAdmin, email);
    assertAudited("staff.password_reset", byAdmin, target);
    assertAudited("staff.remove", byAdmin, target);
    assertEquals("staff:" + email, joined.session().get("actor").asText());
    await("both followed links in the audit log").atMost(Duration.ofSeconds(10)).until(() ->
        entries("staff.link").stream().filter(entry -> entry.get("actor").asText().equals("staff:" + email)
            && entry.get("target").asText().equals(target)).count() == 2);
  }

  /** What {@code who} gets trying {@code act}: the status, and for a list of the staff whether the operator is in it. */
  private static String outcome(Who who, Act act) throws Exception {
    int serial = SERIAL.incrementAndGet();
    HttpResponse<String> response = switch (act) {
      case LIST_STAFF -> call(who, "GET", "/v1/staff", null);
      case INVITE_AGENT -> invite(who, serial, "agent");
      case INVITE_ADMIN -> invite(who, serial, "admin");
      case INVITE_OPERATOR -> invite(who, serial, "operator");
      case RESET_AGENT -> call(who, "POST", "/v1/staff/" + agentId + "/password-reset", null);
      case RESET_ADMIN -> call(who, "POST", "/v1/staff/" + adminId + "/password-reset", null);
      case RESET_OPERATOR -> call(who, "POST", "/v1/staff/" + operatorId + "/password-reset", null);
      case REMOVE_AGENT -> call(who, "DELETE", "/v1/staff/" + victim(serial, "agent"), null);
      case REMOVE_ADMIN -> call(who, "DELETE", "/v1/staff/" + victim(serial, "admin"), null);
      case REMOVE_OPERATOR -> call(who, "DELETE", "/v1/staff/" + operatorId, null);
      case KEY_AGENT -> key(who, serial, "agent");
      case KEY_ADMIN -> key(who, serial, "admin");
      case KEY_OPERATOR -> key(who, serial, "operator");
      case LIST_TENANTS -> call(who, "GET", "/v1/tenants", null);
      case PUT_TENANT -> call(who, "PUT", "/v1/tenants/matrix-" + serial, "{}");
    };
    if (act != Act.LIST_STAFF || response.statusCode() != 200) return Integer.toString(response.statusCode());
    return response.body().contains(OPERATOR_EMAIL) ? SEES : HIDDEN;
  }

  private static HttpResponse<String> invite(Who who, int serial, String role) throws Exception {
    return call(who, "POST", "/v1/staff/invitations",
        "{\"email\": \"invited-" + serial + "@acme.example\", \"roles\": [\"" + role + "\"]}");
  }

  private static HttpResponse<String> key(Who who, int serial, String role) throws Exception {
    return call(who, "POST", "/v1/keys", "{\"name\": \"matrix-" + serial + "\", \"roles\": [\"" + role + "\"]}");
  }

  /** A new account of acme with {@code role}, to be removed: its id. */
  private static String victim(int serial, String role) throws Exception {
    String email = "victim-" + serial + "@acme.example";
    parley.join(null, ACME_ADMIN, email, role);
    return accountId(email);
  }

  private static HttpResponse<String> call(Who who, String method, String path, String body) throws Exception {
    String address = newAddress();
    return switch (who) {
      case ANONYMOUS -> parley.send(method, path + "?tenant=" + TENANT, address, null, null, body);
      case CUSTOMER -> parley.send(method, path, address, null,
          "Bearer " + TestIdentity.customerToken(TENANT, Optional.of("matrix-customer")), body);
      case AGENT -> parley.send(method, path, address, null, "Bearer " + TestIdentity.agentKey(TENANT), body);
      case ADMIN_KEY -> parley.send(method, path, address, null, ACME_ADMIN, body);
      case ADMIN_ACCOUNT -> parley.send(method, path, admin.address(), admin, null, body);
      case OTHER_TENANT_ADMIN -> parley.send(method, path, address, null, "Bearer " + TestIdentity.adminKey("globex"), body);
      case OPERATOR -> parley.send(method, path, parley.operator.address(), parley.operator, null, body);
      case OPERATOR_TOKEN -> parley.send(method, path, address, null, "Bearer " + OpsClient.TOKEN, body);
    };
  }

  private static List<String> row(String... outcomes) {
    assertEquals(Act.values().length, outcomes.length, "a row has a cell for each action");
    return List.of(outcomes);
  }

  /** The id of acme's account {@code email}, as acme's admin key lists it. */
  private static String accountId(String email) throws Exception {
    return accountId(null, ACME_ADMIN, email);
  }

  private static String accountId(StaffNode.Staff staff, String authorization, String email) throws Exception {
    for (JsonNode account : JSON.readTree(parley.send("GET", "/v1/staff", newAddress(), staff, authorization, null).body())
        .get("accounts")) {
      if (account.get("email").asText().equals(email)) return account.get("id").asText();
    }
    throw new AssertionError("no account " + email);
  }

  private static List<JsonNode> entries(String action) throws Exception {
    HttpResponse<String> page = parley.send("GET", "/v1/audit?limit=500&action=" + action, newAddress(), null, ACME_ADMIN,
        null);
    List<JsonNode> entries = new ArrayList<>();
    JSON.readTree(page.body()).get("entries").forEach(entries::add);
    return entries;
  }

  private static void assertAudited(String action, String actor, String target) throws Exception {
    await(action + " by " + actor + " of " + target + " in the audit log").atMost(Duration.ofSeconds(10)).until(() ->
        entries(action).stream().anyMatch(entry -> entry.get("actor").asText().equals(actor)
            && entry.get("target").asText().equals(target) && entry.get("result").asText().equals("ok")));
  }
}
