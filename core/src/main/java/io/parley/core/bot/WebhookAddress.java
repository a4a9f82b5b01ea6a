package io.parley.core.bot;

import io.parley.core.net.UrlHost;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Where a tenant may have its webhooks sent: an https URL, so the signed events (a qualified lead,
 * an escalated ticket) travel encrypted; plain http only to this machine, for a receiver beside
 * the node or a test's.
 */
final class WebhookAddress {
  public static final String EXPECTED =
      "an https URL with a host, e.g. https://hooks.example.com/parley (http only on 127.0.0.1, [::1] or localhost)";

  private static final Set<InetAddress> THIS_MACHINE = Set.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1"));

  private WebhookAddress() {}

  static boolean isValid(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    if (!UrlHost.hasHost(uri) || uri.getRawUserInfo() != null || uri.getRawFragment() != null) return false;
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("http") && isThisMachine(UrlHost.of(uri));
  }

  /** 127.0.0.1, ::1 or localhost, however the URL spells them. */
  private static boolean isThisMachine(UrlHost host) {
    return switch (host) {
      case UrlHost.Address address -> THIS_MACHINE.contains(address.address());
      case UrlHost.Name name -> name.withoutTrailingDot().equals("localhost");
    };
  }
}
