package io.parley.tools.remote;

import io.parley.core.config.InvalidSettingException;
import io.parley.core.net.OutboundHttp;
import io.parley.tools.ResultLimit;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's remote tools, on its outbound HTTP client, checked against the names of the tools it has already. */
public final class RemoteTools {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteTools.class);

  private RemoteTools() {}

  /**
   * A {@link RemoteTool} per endpoint, in order.
   *
   * @param localNames the node's own tools, which a remote tool may not shadow
   * @throws InvalidSettingException naming {@code PARLEY_REMOTE_TOOLS} when a remote tool takes a local tool's name
   */
  public static List<RemoteTool> connect(List<RemoteToolEndpoint> endpoints, Collection<String> localNames,
      OutboundHttp http, ResultLimit limit) {
    for (RemoteToolEndpoint endpoint : endpoints) {
      if (localNames.contains(endpoint.name())) {
        throw new InvalidSettingException("PARLEY_REMOTE_TOOLS (parley.tools.remote): tool \"" + endpoint.name()
            + "\" has the name of one of the node's own tools (" + String.join(", ", localNames) + "); rename it");
      }
    }
    if (endpoints.isEmpty()) return List.of();
    LOG.info("remote tools: {}", endpoints.stream()
        .map(endpoint -> endpoint.name() + " at " + endpoint.url() + (endpoint.secret().isPresent() ? " (signed)" : ""))
        .collect(Collectors.joining(", ")));
    return endpoints.stream().map(endpoint -> new RemoteTool(endpoint, http, limit)).toList();
  }
}
