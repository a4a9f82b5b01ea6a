package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool on the tenant's own server ({@code httpTools}): what the model sees ({@code name},
 * {@code description}, the JSON schema of its {@code parameters}), where each call is POSTed, how
 * each call is bounded, whether a repeat is harmless, and the secret that signs each request.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record HttpToolSetting(String name, String description, JsonNode parameters, String url, int timeoutMs,
    int maxAttempts, boolean idempotent, Optional<TenantSecret> secret) {
  public HttpToolSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    secret = secret == null ? Optional.empty() : secret;
  }
}
