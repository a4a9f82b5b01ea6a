package io.parley.core.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tenant's own tools of a bot configuration document: what is read, every problem, and how secrets are kept. */
class TenantToolsDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BotConfigDocument.Node NODE = new BotConfigDocument.Node(Set.of("kb_search", "create_ticket"),
      1024, Set.of("primary"), new NodeLimits(16_000, 500_000, 20, 30_000, config -> 1_500));
  private static final String ORDERS = "{\"name\": \"orders\", \"url\": \"https://mcp.acme.example/mcp\"";
  private static final String REFUND = "{\"name\": \"refund_status\", \"description\": \"Whether a refund was paid\","
      + " \"url\": \"https://acme.example/refunds\", \"parameters\": {\"type\": \"object\"}";

  /** Seals as the tenant's key would, visibly, so a test can tell which text became which secret. */
  private static SecretKeeping sealing(List<BotConfig> replaced) {
    return new SecretKeeping(text -> new TenantSecret("sealed:" + text), replaced);
  }

  private static BotConfigDocument.Read read(String document, List<BotConfig> replaced) throws Exception {
    return BotConfigDocument.read(JSON.readTree(document), NODE, sealing(replaced));
  }

  private static BotConfig valid(String document, BotConfig... replaced) throws Exception {
    BotConfigDocument.Read read = read(document, List.of(replaced));
    assertTrue(read instanceof BotConfigDocument.Read.Valid, read.toString());
    return ((BotConfigDocument.Read.Valid) read).config();
  }

  private static List<String> problems(String document, BotConfig... replaced) throws Exception {
    BotConfigDocument.Read read = read(document, List.of(replaced));
    assertTrue(read instanceof BotConfigDocument.Read.Invalid, read.toString());
    return ((BotConfigDocument.Read.Invalid) read).problems();
  }

  @Test
  void toolsAndServersAreReadWithTheirDefaultsAndTheirSecretsSealed() throws Exception {
    BotConfig config = valid("{\"httpTools\": [" + REFUND + ", \"secret\": \"s3\"}], \"mcpServers\": [" + ORDERS + ","
        + " \"auth\": {\"type\": \"bearer\", \"token\": \"t0k\"}, \"tools\": [{\"name\": \"order_status\","
        + " \"description\": \"Where an order is\", \"timeoutMs\": 8000}, {\"name\": \"refund\"}]},"
        + " {\"name\": \"billing\", \"url\": \"https://billing.example/mcp\", \"auth\": {\"type\": \"oauth\","
        + " \"tokenUrl\": \"https://auth.example/token\", \"clientId\": \"parley\", \"clientSecret\": \"cs\", \"scope\": \"tools\"}}]}");
    assertEquals(List.of(new HttpToolSetting("refund_status", "Whether a refund was paid", "{\"type\":\"object\"}",
        "https://acme.example/refunds", 5000, 3, false, Optional.of(new TenantSecret("sealed:s3")))), config.httpTools());
    McpServerSetting orders = config.mcpServers().get(0);
    assertEquals(Optional.of(new McpAuth.Bearer(new TenantSecret("sealed:t0k"))), orders.auth());
    assertEquals(List.of(new McpToolChoice("order_status", Optional.of("Where an order is"), Optional.of(8000)),
        new McpToolChoice("refund", Optional.empty(), Optional.empty())), orders.tools());
    assertEquals(Optional.empty(), orders.choice("delete_everything"), "only the allow-list's tools");
    assertEquals(Optional.of(new McpAuth.OAuth("https://auth.example/token", "parley", new TenantSecret("sealed:cs"),
        Optional.of("tools"))), config.mcpServers().get(1).auth());
    assertTrue(config.mcpServers().get(1).choice("anything").isPresent(), "no allow-list: every tool the server lists");
  }

  @Test
  void everyProblemNamesItsEntryAndField() throws Exception {
    assertEquals(List.of(
        "httpTools[0].name: kb_search is the name of one of the node's tools (create_ticket, kb_search)",
        "httpTools[0].parameters: must be the JSON schema of the arguments, an object schema such as"
            + " {\"type\": \"object\", \"properties\": {...}}",
        "httpTools[0].timeoutMs: must be a whole number from 100 to 60000, got 90000",
        "httpTools[1].description: required",
        "httpTools[1].url: must be an http:// or https:// URL with a host, without a user name, password or fragment,"
            + " got https://user:pw@acme.example/x",
        "httpTools[2].name: refund_status is named twice",
        "httpTools[2].idempotent: must be true or false",
        "httpTools[3]: must be an object of name, description, parameters, url, timeoutMs, maxAttempts, idempotent, secret,"
            + " approval, procedureOnly",
        "mcpServers[0].name: must be 1 to 24 of A-Z, a-z, 0-9 and -, got my_server",
        "mcpServers[0].auth: must be {\"type\": \"bearer\", \"token\"} or {\"type\": \"oauth\", \"tokenUrl\", \"clientId\","
            + " \"clientSecret\", \"scope\"?}, or null for none",
        "mcpServers[1].auth.token: required",
        "mcpServers[1].tools: must be a list of 1 to 50 {\"name\", \"description\"?, \"timeoutMs\"?, \"approval\"?, \"procedureOnly\"?} (leave it out for"
            + " every tool the server lists)",
        "mcpServers[2].color: not a field (known: name, url, auth, tools, approval)",
        "mcpServers[2].name: orders is named twice",
        "mcpServers[2].tools[1].name: a is named twice"),
        problems("{\"httpTools\": ["
            + "{\"name\": \"kb_search\", \"description\": \"d\", \"url\": \"https://acme.example/x\", \"parameters\": {\"type\": \"string\"}, \"timeoutMs\": 90000},"
            + "{\"name\": \"refund_status\", \"url\": \"https://user:pw@acme.example/x\", \"parameters\": {\"type\": \"object\"}},"
            + REFUND + ", \"idempotent\": \"yes\"}, 7],"
            + " \"mcpServers\": [{\"name\": \"my_server\", \"url\": \"https://a.example/mcp\", \"auth\": {\"type\": \"basic\"}},"
            + ORDERS + ", \"auth\": {\"type\": \"bearer\"}, \"tools\": []},"
            + ORDERS + ", \"tools\": [{\"name\": \"a\"}, {\"name\": \"a\"}], \"color\": 1}]}"));
  }

  @Test
  void whoApprovesIsReadForEachToolAndABadValueIsNamed() throws Exception {
    BotConfig config = valid("{\"approvalTimeout\": 120, \"httpTools\": [" + REFUND + ", \"approval\": \"customer\"}],"
        + " \"mcpServers\": [" + ORDERS + ", \"approval\": \"agent\", \"tools\": [{\"name\": \"order_status\","
        + " \"approval\": \"none\"}, {\"name\": \"refund\"}]}]}");
    assertEquals(ToolApproval.CUSTOMER, config.httpTools().get(0).approver());
    McpServerSetting orders = config.mcpServers().get(0);
    assertEquals(ToolApproval.NONE, orders.approvalOf(orders.tools().get(0)), "the tool's own approval wins");
    assertEquals(ToolApproval.AGENT, orders.approvalOf(orders.tools().get(1)), "else the server's");
    assertEquals(java.time.Duration.ofMinutes(2), config.approvalWait());
    assertEquals(BotConfig.DEFAULT_APPROVAL_TIMEOUT, valid("{}").approvalWait());
    assertEquals(ToolApproval.NONE, valid("{\"httpTools\": [" + REFUND + "}]}").httpTools().get(0).approver());

    assertEquals(List.of(
        "httpTools[0].approval: must be one of none, customer, agent, got \"boss\"",
        "mcpServers[0].approval: must be one of none, customer, agent, got true",
        "mcpServers[0].tools[0].approval: must be one of none, customer, agent, got \"Agent\""),
        problems("{\"httpTools\": [" + REFUND + ", \"approval\": \"boss\"}], \"mcpServers\": [" + ORDERS
            + ", \"approval\": true, \"tools\": [{\"name\": \"order_status\", \"approval\": \"Agent\"}]}]}"));
  }

  @Test
  void aSecretLeftOutIsKeptForTheSameEntryAtTheSameUrlOnly() throws Exception {
    BotConfig live = valid("{\"httpTools\": [" + REFUND + ", \"secret\": \"s3\"}], \"mcpServers\": [" + ORDERS + ","
        + " \"auth\": {\"type\": \"bearer\", \"token\": \"t0k\"}}]}");

    BotConfig kept = valid("{\"httpTools\": [" + REFUND + ", \"description\": \"Refunds\"}], \"mcpServers\": [" + ORDERS
        + ", \"auth\": {\"type\": \"bearer\", \"token\": {\"set\": true}}}]}", live);
    assertEquals(Optional.of(new TenantSecret("sealed:s3")), kept.httpTools().get(0).secret());
    assertEquals(live.mcpServers().get(0).auth(), kept.mcpServers().get(0).auth());
    assertEquals(live.mcpServers().get(0).auth(), valid("{\"mcpServers\": [" + ORDERS + "}]}", live).mcpServers().get(0).auth(),
        "auth left out altogether is kept too");

    assertEquals(List.of(
        "httpTools[0].secret: the url changed, so give the secret again (or null for none)",
        "mcpServers[0].auth: the url changed, so give the auth again (or null for none)"),
        problems("{\"httpTools\": [" + REFUND.replace("acme.example", "evil.example") + "}], \"mcpServers\": ["
            + ORDERS.replace("mcp.acme.example", "mcp.evil.example") + "}]}", live));

    BotConfig removed = valid("{\"httpTools\": [" + REFUND + ", \"secret\": null}], \"mcpServers\": [" + ORDERS
        + ", \"auth\": null}]}", live);
    assertEquals(Optional.empty(), removed.httpTools().get(0).secret());
    assertEquals(Optional.empty(), removed.mcpServers().get(0).auth());

    BotConfig draft = valid("{\"mcpServers\": [" + ORDERS + ", \"auth\": {\"type\": \"bearer\", \"token\": \"n3w\"}}]}");
    assertEquals(Optional.of(new McpAuth.Bearer(new TenantSecret("sealed:n3w"))),
        valid("{\"mcpServers\": [" + ORDERS + "}]}", draft, live).mcpServers().get(0).auth(), "the first replaced wins");
  }

  @Test
  void anOAuthClientSecretIsKeptOnlyForTheSameTokenUrlAndClient() throws Exception {
    String oauth = ORDERS + ", \"auth\": {\"type\": \"oauth\", \"tokenUrl\": \"https://auth.example/token\", \"clientId\": \"%s\"%s}}";
    BotConfig live = valid("{\"mcpServers\": [" + oauth.formatted("parley", ", \"clientSecret\": \"cs\"") + "]}");
    assertEquals(live.mcpServers().get(0).auth(),
        valid("{\"mcpServers\": [" + oauth.formatted("parley", "") + "]}", live).mcpServers().get(0).auth());
    assertEquals(List.of("mcpServers[0].auth.clientSecret: required"),
        problems("{\"mcpServers\": [" + oauth.formatted("someone-else", "") + "]}", live));
  }

  @Test
  void aDocumentReadWhereNothingCanBeSealedRefusesItsSecrets() throws Exception {
    assertEquals(new BotConfigDocument.Read.Invalid(List.of("httpTools[0].secret: secrets cannot be kept here")),
        BotConfigDocument.read(JSON.readTree("{\"httpTools\": [" + REFUND + ", \"secret\": \"s3\"}]}"), NODE));
  }

  @Test
  void theSecretsNeverShowInTheConfigurationsText() throws Exception {
    BotConfig config = valid("{\"httpTools\": [" + REFUND + ", \"secret\": \"s3\"}]}");
    assertTrue(!config.toString().contains("s3"), config.toString());
  }
}
