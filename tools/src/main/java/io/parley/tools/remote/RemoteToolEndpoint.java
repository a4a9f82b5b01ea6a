package io.parley.tools.remote;

import io.parley.tools.ToolDefinition;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool that runs on a tenant's or operator's own server, as {@code PARLEY_REMOTE_TOOLS} lists
 * it: what the model sees and how each call is bounded ({@code definition}), where each call is
 * POSTed, and the secret that signs the request body, if one was shared.
 */
public record RemoteToolEndpoint(ToolDefinition definition, URI url, Optional<String> secret) {
  public RemoteToolEndpoint {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
  }

  public String name() {
    return definition.name();
  }

  /** Without the secret: endpoints end up in logs. */
  @Override
  public String toString() {
    return "RemoteToolEndpoint[" + name() + " at " + url + (secret.isPresent() ? ", signed" : "") + "]";
  }
}
