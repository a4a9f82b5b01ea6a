package io.parley.http.a2a;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.BotConfig;
import io.parley.core.procedure.Procedure;
import java.util.Optional;

/**
 * A tenant's bot as an A2A 1.0 agent card: its name and what it does from the bot configuration, one skill for
 * support conversations and one per procedure, the JSON-RPC interface at {@code endpoint}, streaming, and the
 * credential every method needs (a bearer API key or token of the tenant, as the REST API takes it).
 */
final class A2aCard {
  static final String PROTOCOL_VERSION = "1.0";
  private static final String SCHEME = "parleyBearer";

  private final ObjectMapper json;

  A2aCard(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode of(String tenant, String endpoint, Optional<BotConfig> config, String version) {
    String assistant = config.flatMap(BotConfig::assistantName).orElse("Support assistant");
    String company = config.flatMap(BotConfig::companyName).orElse(tenant);
    ObjectNode card = json.createObjectNode().put("name", assistant + " (" + company + ")")
        .put("description", "The support bot of " + company + ": answers customers' questions in a conversation, "
            + "follows the company's procedures and hands over to a person when it should.")
        .put("version", version);
    card.putArray("supportedInterfaces").addObject().put("url", endpoint).put("protocolBinding", "JSONRPC")
        .put("protocolVersion", PROTOCOL_VERSION);
    card.putObject("provider").put("organization", company).put("url", endpoint);
    card.putObject("capabilities").put("streaming", true).put("pushNotifications", false)
        .put("extendedAgentCard", false);
    card.putObject("securitySchemes").putObject(SCHEME).putObject("httpAuthSecurityScheme")
        .put("scheme", "Bearer")
        .put("description", "An API key or a signed token of tenant " + tenant + ", as the REST API takes it");
    card.putArray("securityRequirements").addObject().putObject("schemes").putObject(SCHEME).putArray("list");
    card.putArray("defaultInputModes").add("text/plain");
    card.putArray("defaultOutputModes").add("text/plain");
    ArrayNode skills = card.putArray("skills");
    skill(skills, "support-conversation", "Support conversation",
        "Ask " + assistant + " anything a customer of " + company + " would; one context is one conversation.");
    config.map(BotConfig::procedures).orElse(java.util.List.of()).forEach(procedure -> procedureSkill(skills, procedure));
    return card;
  }

  private static void procedureSkill(ArrayNode skills, Procedure procedure) {
    skill(skills, "procedure-" + procedure.name(), procedure.name(), procedure.description());
  }

  private static void skill(ArrayNode skills, String id, String name, String description) {
    ObjectNode skill = skills.addObject().put("id", id).put("name", name).put("description", description);
    skill.putArray("tags").add("support");
  }
}
