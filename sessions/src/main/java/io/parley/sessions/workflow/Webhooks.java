package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.RefusedAddress;
import io.parley.core.signing.BodySignature;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tenants' webhooks ({@code PARLEY_WEBHOOKS}: {@code {"<tenant>": {"url": "...", "secret": "..."}}})
 * and their delivery: a signed JSON POST. 2xx is delivered; 5xx and connection failures are transient
 * {@link StepFailure}s, any other status a permanent one. A tenant's bot configuration may move its
 * webhook to another URL ({@code webhookUrl}), asked at each delivery so that a retry follows a
 * change; the secret stays the node's, so a tenant without one there has no webhook. Deliveries go
 * through the node's {@link OutboundHttp}: an address its policy refuses fails the step for good,
 * as another attempt would reach the same address.
 */
public final class Webhooks {
  public static final String SIGNATURE_HEADER = BodySignature.HEADER;
  public static final String DELIVERY_HEADER = "X-Parley-Delivery";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  public record Webhook(URI url, String secret) {}

  private final Map<String, Webhook> byTenant;
  private final Function<String, Optional<URI>> tenantUrls;
  private final OutboundHttp http;

  /**
   * @param tenantUrls the URL a tenant configured for itself, if any; it may throw a transient
   *     {@link StepFailure} when the configuration cannot be read now
   */
  public Webhooks(Map<String, Webhook> byTenant, Function<String, Optional<URI>> tenantUrls, OutboundHttp http) {
    this.byTenant = Map.copyOf(byTenant);
    this.tenantUrls = tenantUrls;
    this.http = http;
  }

  /** From {@code parley.workflows.webhooks}, a JSON object; a bad value fails with the expected form. */
  public static Webhooks create(Config config, Function<String, Optional<URI>> tenantUrls, OutboundHttp http) {
    String raw = config.getString("parley.workflows.webhooks");
    String expected = "PARLEY_WEBHOOKS must be a JSON object {\"<tenant>\": {\"url\": \"https://...\", \"secret\": \"...\"}}";
    Map<String, Webhook> hooks = new HashMap<>();
    try {
      JsonNode root = new ObjectMapper().readTree(raw.isBlank() ? "{}" : raw);
      if (!root.isObject()) throw new InvalidSettingException(expected);
      for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
        String url = entry.getValue().path("url").asText("");
        String secret = entry.getValue().path("secret").asText("");
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || secret.isEmpty()) {
          throw new InvalidSettingException(expected + "; tenant " + entry.getKey() + " has no http(s) url or no secret");
        }
        hooks.put(entry.getKey(), new Webhook(uri, secret));
      }
    } catch (InvalidSettingException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidSettingException(expected + ": " + e.getMessage());
    }
    return new Webhooks(hooks, tenantUrls, http);
  }

  /** The tenant's webhook: the node's secret, sent to the tenant's own URL if it configured one. */
  public Optional<Webhook> of(String tenant) {
    return Optional.ofNullable(byTenant.get(tenant))
        .map(hook -> tenantUrls.apply(tenant).map(url -> new Webhook(url, hook.secret())).orElse(hook));
  }

  /** "sha256=<hex HMAC-SHA256 of body>", as {@link BodySignature} signs every POST to a tenant. */
  public static String signature(String secret, String body) {
    return BodySignature.of(secret, body);
  }

  /** Posts {@code body}, signed; returns the status code of a 2xx answer. */
  public int deliver(Webhook hook, String body, String deliveryId) {
    OutboundHttp.Answer answer;
    try {
      answer = http.postJson(hook.url(), Map.of(SIGNATURE_HEADER, signature(hook.secret(), body), DELIVERY_HEADER,
          deliveryId), body, TIMEOUT);
    } catch (IOException e) {
      Optional<RefusedAddress> refused = RefusedAddress.in(e);
      if (refused.isPresent()) {
        throw new StepFailure("the webhook's host " + hook.url().getHost() + " is refused: " + refused.get().getMessage(),
            false, refused.get());
      }
      throw new StepFailure("the webhook could not be reached: " + e, true, e);
    }
    int status = answer.status();
    if (status >= 200 && status < 300) return status;
    throw new StepFailure("the webhook answered " + status, status >= 500 || status == 429);
  }
}
