package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A bot configuration as its admins read it (a version, the draft, a diff): each secret as
 * {@code {"set": true}}, never the secret nor its sealed bytes, and without what the MCP servers
 * listed when it was saved (the node's own record, not the document the admin wrote). Sent back as
 * it reads, it keeps every secret (docs/bot-config.md#secrets).
 */
final class ShownConfig {
  private ShownConfig() {}

  static JsonNode of(JsonNode config) {
    JsonNode shown = config.deepCopy();
    for (JsonNode tool : shown.path("httpTools")) hide((ObjectNode) tool, "secret");
    for (JsonNode server : shown.path("mcpServers")) {
      ((ObjectNode) server).remove("listed");
      JsonNode auth = server.path("auth");
      if (auth.isObject()) {
        hide((ObjectNode) auth, "token");
        hide((ObjectNode) auth, "clientSecret");
      }
    }
    return shown;
  }

  private static void hide(ObjectNode entry, String field) {
    if (entry.has(field)) entry.set(field, JsonNodeFactory.instance.objectNode().put("set", true));
  }
}
