package io.parley.core.identity;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import io.parley.core.net.OutboundHttp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

/**
 * How Nimbus reads an identity provider's documents (its discovery document, its JWKS): through the
 * node's {@link OutboundHttp}, so a tenant's {@code jwksUrl} or {@code oidc.issuer} reaches only the
 * addresses the outbound policy allows, with no redirect followed. An answer other than 2xx, or
 * larger than the bound, is an {@code IOException}.
 */
final class ProviderDocuments implements ResourceRetriever {
  private final OutboundHttp http;
  private final Duration timeout;
  private final int maxBytes;

  private ProviderDocuments(OutboundHttp http, Duration timeout, int maxBytes) {
    this.http = http;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** A discovery document: read when the console asks where to sign in, or at the first token of a provider. */
  static ProviderDocuments discovery(OutboundHttp http) {
    return new ProviderDocuments(http, Duration.ofSeconds(10), 256 * 1024);
  }

  /** A JWKS, within Nimbus's own bounds: 500 ms to connect and 500 ms to read, 50 KiB. */
  static ProviderDocuments keys(OutboundHttp http) {
    return new ProviderDocuments(http, Duration.ofMillis(JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT
        + JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT), JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    OutboundHttp.Answer answer;
    try {
      answer = http.get(url.toURI(), timeout, maxBytes);
    } catch (URISyntaxException e) {
      throw new IOException("not a URL: " + url, e);
    }
    if (!answer.successful()) throw new IOException(url + " answered HTTP " + answer.status());
    return new Resource(answer.body(), answer.contentType().orElse(null));
  }
}
