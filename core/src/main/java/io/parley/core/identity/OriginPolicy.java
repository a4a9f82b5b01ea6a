package io.parley.core.identity;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open the chat socket. A browser sends its page's {@code Origin} on every
 * WebSocket upgrade and attaches the user's cookies whatever the origin, so without this check any
 * site a customer visits could talk to the node as that customer (cross-site WebSocket hijacking).
 * The node's own page (same origin as the request's {@code Host}) is always allowed, plus the
 * configured origins (a company's website embedding the chat); a request with no {@code Origin} is
 * not a browser's and is allowed, its credential being all that counts.
 */
public final class OriginPolicy {
  private final Set<String> allowed;

  private OriginPolicy(Set<String> allowed) {
    this.allowed = allowed;
  }

  /**
   * @param origins allowed origins, e.g. {@code https://www.acme.example}; {@code *} allows every
   *     origin (a node behind a proxy that checks them itself)
   */
  public static OriginPolicy of(List<String> origins) {
    return new OriginPolicy(origins.stream().map(String::strip).filter(o -> !o.isEmpty())
        .map(o -> o.equals("*") ? o : normalised(o).orElseThrow(() -> new IllegalArgumentException(
            "an allowed origin is scheme://host[:port], e.g. https://www.acme.example, got '" + o + "'")))
        .collect(Collectors.toUnmodifiableSet()));
  }

  /** This policy and {@code origins} besides: what one tenant's pages may open (see {@link TenantIdentity#allowedOrigins}). */
  public OriginPolicy with(List<String> origins) {
    Set<String> union = new java.util.HashSet<>(allowed);
    union.addAll(of(origins).allowed);
    return new OriginPolicy(Set.copyOf(union));
  }

  /** The origins listed, normalised ({@code *} when every origin is allowed). */
  public Set<String> origins() {
    return allowed;
  }

  /** Whether a request with this {@code Origin} header, sent to {@code host} (its Host header), is allowed. */
  public boolean allows(Optional<String> origin, String host) {
    return allows(origin, host, true);
  }

  /**
   * As {@link #allows}, for a route that a page rebinding its own name to the node must not reach (the MCP server):
   * such a page is same-origin with the {@code Host} its browser sends, so the node's own page counts only when that
   * host is a loopback name ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), which a page of another site
   * cannot send; any other page must be listed.
   */
  public boolean allowsWithoutRebinding(Optional<String> origin, String host) {
    return allows(origin, host, isLoopback(host));
  }

  private boolean allows(Optional<String> origin, String host, boolean ownPage) {
    if (origin.isEmpty() || allowed.contains("*")) return true;
    Optional<String> normalised = normalised(origin.get());
    if (normalised.isEmpty()) return false;
    String page = normalised.get();
    return allowed.contains(page) || (ownPage && page.substring(page.indexOf("://") + 3).equals(host.toLowerCase(Locale.ROOT)));
  }

  private static boolean isLoopback(String host) {
    String name = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
  }

  /** {@code scheme://host[:port]} in lower case, or empty for anything else ("null", paths, garbage). */
  private static Optional<String> normalised(String origin) {
    try {
      URI uri = new URI(origin.strip());
      if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
        return Optional.empty();
      }
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return Optional.of((uri.getScheme() + "://" + uri.getHost() + port).toLowerCase(Locale.ROOT));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }
}
