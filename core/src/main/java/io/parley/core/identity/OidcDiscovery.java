package io.parley.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * What an OpenID Connect provider says of itself at {@code <issuer>/.well-known/openid-configuration}:
 * where the console sends people to sign in and exchanges the code, and where its signing keys are.
 */
public record OidcDiscovery(
    String issuer, String authorizationEndpoint, String tokenEndpoint, Optional<String> endSessionEndpoint, URL jwksUri) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the discovery document of the provider {@code issuer} (blocks on the network: {@link
   * ProviderKeys} runs it off the threads that serve requests).
   *
   * @throws IOException when it cannot be read, or names another issuer than the configured one
   *     (which OpenID Connect Discovery forbids: it would let one provider speak for another)
   */
  static OidcDiscovery of(String issuer, ResourceRetriever retriever) throws IOException {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URL url = URI.create(base + "/.well-known/openid-configuration").toURL();
    JsonNode document = JSON.readTree(retriever.retrieveResource(url).getContent());
    if (!issuer.equals(document.path("issuer").asText())) {
      throw new IOException("the discovery document of " + issuer + " names the issuer '"
          + document.path("issuer").asText() + "'");
    }
    return new OidcDiscovery(issuer, required(document, "authorization_endpoint"),
        required(document, "token_endpoint"),
        Optional.of(document.path("end_session_endpoint").asText("")).filter(s -> !s.isEmpty()),
        URI.create(required(document, "jwks_uri")).toURL());
  }

  private static String required(JsonNode document, String field) throws IOException {
    String value = document.path(field).asText("");
    if (!(value.startsWith("https://") || value.startsWith("http://"))) {
      throw new IOException("the discovery document has no " + field);
    }
    return value;
  }
}
