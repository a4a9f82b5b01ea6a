package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.StaffNode.JSON;
import static io.parley.http.StaffNode.newAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code operator-recovery <email>} against a running node on PostgreSQL, with the node's own
 * configuration: the link it prints sets the operator's password (the old one and the old sessions
 * end), signs the operator in as the operator again, and the audit log names the shell's user and
 * the account; it refuses an account that is not an operator's, an unknown email, and bad usage.
 */
class OperatorRecoveryEndToEndTest {
  private static final String OPERATOR_EMAIL = "root@initech.example";
  private static final Pattern PRINTED_LINK = Pattern.compile("open (\\S+/account#([A-Za-z0-9_-]{43})) ");
  private static StaffNode parley;

  /** What a run of the command printed, and how it ended. */
  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    parley = StaffNode.start("initech", OPERATOR_EMAIL, Map.of());
  }

  @AfterAll
  static void stop() {
    parley.close();
  }

  @Test
  void thePrintedLinkSetsTheOperatorsPasswordAndSignsItInAsTheOperator() throws Exception {
    Run run = recover(" Root@Initech.example ");
    assertEquals(0, run.exit(), run.err());
    Matcher printed = PRINTED_LINK.matcher(run.out());
    assertTrue(printed.find(), run.out());
    assertTrue(run.out().contains("The link works once, for 72 h;"), "its lifetime as people write it: " + run.out());
    assertEquals(200, session(parley.operator).statusCode(), "nothing changes until the link is followed");

    String address = newAddress();
    HttpResponse<String> followed = parley.follow(address, printed.group(2), "the recovered long password");
    assertEquals(200, followed.statusCode(), followed.body());
    assertEquals("[\"admin\",\"operator\"]", JSON.readTree(followed.body()).get("roles").toString());
    StaffNode.Staff recovered = StaffNode.signedIn(address, followed);
    assertEquals(200, parley.send("GET", "/v1/tenants", address, recovered, null, null).statusCode(),
        "the recovered account manages the tenants");
    assertEquals(401, session(parley.operator).statusCode(), "the old session ended");
    assertEquals(401, parley.signIn(newAddress(), OPERATOR_EMAIL, StaffNode.PASSWORD).statusCode());
    assertEquals(200, parley.signIn(newAddress(), OPERATOR_EMAIL, "the recovered long password").statusCode());
    assertEquals(410, parley.follow(newAddress(), printed.group(2), "yet another long password").statusCode(),
        "the link works once");

    String shell = "shell:" + System.getProperty("user.name");
    await("the recovery in the audit log").atMost(Duration.ofSeconds(10)).until(() ->
        parley.count("SELECT COUNT(*) FROM audit_log WHERE tenant = 'initech' AND action = 'staff.recovery' AND actor = '"
            + shell + "' AND target LIKE '" + OPERATOR_EMAIL + " (staff_%)' AND result = 'ok'") == 1);
  }

  @Test
  void anAccountThatIsNoOperatorsAnUnknownEmailAndBadUsageAreRefused() throws Exception {
    parley.join(null, "Bearer " + TestIdentity.adminKey("initech"), "agent@initech.example", "agent");

    Run agent = recover("agent@initech.example");
    assertEquals(1, agent.exit());
    assertTrue(agent.err().contains("agent@initech.example is no operator account"), agent.err());
    Run unknown = recover("nobody@initech.example");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no staff account has the email nobody@initech.example"), unknown.err());
    Run usage = run(List.of());
    assertEquals(2, usage.exit());
    assertTrue(usage.err().contains("usage: java -jar parley-server.jar operator-recovery <email"), usage.err());
    assertEquals("", agent.out() + unknown.out() + usage.out(), "no link printed");
    assertEquals(0, parley.count("SELECT COUNT(*) FROM staff_links WHERE kind = 'reset' AND created_by LIKE 'shell:%' "
        + "AND email <> '" + OPERATOR_EMAIL + "'"), "no link made");
  }

  private static HttpResponse<String> session(StaffNode.Staff staff) throws Exception {
    return parley.send("GET", "/v1/auth/session", staff.address(), staff, null, null);
  }

  private static Run recover(String email) {
    return run(List.of(email));
  }

  private static Run run(List<String> arguments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = OperatorRecovery.run(parley.config, arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
