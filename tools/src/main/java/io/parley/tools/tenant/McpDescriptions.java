package io.parley.tools.tenant;

import io.parley.core.bot.BotConfig;
import io.parley.core.guard.InjectionDetector;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.DataFence;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the model reads of an MCP tool's description. The server's own is someone else's text, as a
 * tool's result is: it goes to the model fenced as data ({@link DataFence}), with personal data
 * replaced by placeholders under the tenant's redaction, and one that reads like instructions to
 * the model ({@link InjectionDetector}) is logged, and left out when the tenant refuses injections.
 * A description the tenant wrote for the tool ({@code tools[].description}) is the tenant's own
 * words, like its instructions, and goes as written.
 */
final class McpDescriptions {
  static final String LEFT_OUT = "(the server's description of this tool was left out: it read like instructions to"
      + " the assistant)";
  private static final Logger LOG = LoggerFactory.getLogger(McpDescriptions.class);

  private McpDescriptions() {}

  static String forModel(String tenant, String server, String tool, Optional<String> tenants, String servers,
      BotConfig config) {
    if (tenants.isPresent()) return tenants.get();
    Optional<InjectionDetector.Flag> flag = InjectionDetector.inspect(servers);
    if (flag.isPresent()) {
      LOG.info("the description of tool {} of MCP server {} of tenant {} reads like instructions to the model (rule {}){}",
          tool, server, tenant, flag.get().rule(), config.refusesInjections() ? "; left out" : "");
      if (config.refusesInjections()) return LEFT_OUT;
    }
    return DataFence.fence(server + " (MCP server)", Placeholders.numbering(List.of(), config.redaction()).redact(servers));
  }
}
