package io.parley.core.identity;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import io.parley.core.net.OutboundHttp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

/**
 * How the node reads an identity provider's documents (its discovery document, its JWKS): through
 * the node's {@link OutboundHttp}, so a tenant's {@code jwksUrl} or {@code oidc.issuer} reaches only
 * the addresses the outbound policy allows, with no redirect followed. An answer other than 2xx, or
 * larger than the bound, is an {@code IOException}; a refused address is a
 * {@link io.parley.core.net.RefusedAddress}, and nothing is sent. {@code timeout} bounds each read as a
 * whole, from the name's lookup to the body's last byte.
 */
record OutboundRetriever(OutboundHttp http, Duration timeout, int maxBytes) implements ResourceRetriever {
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
