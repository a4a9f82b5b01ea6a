package io.parley.http.rest.call;

import io.parley.core.net.OutboundAddressPolicy;
import io.parley.persistence.calls.OutboundTrunkRow;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whom a call goes to, read from the request's {@code to}: an E.164 number, dialled at the tenant's
 * trunk, or a SIP URI ({@code sip:user@host[:port]}), sent through the trunk when it names the
 * trunk's host and port, else straight to its host once the outbound policy allows that host: a
 * tenant could otherwise make the node send SIP into the operator's own network.
 *
 * @param viaTrunk the INVITE goes to the trunk and answers its challenges with the trunk's login
 * @param masked the callee as kept and shown: all but the last four characters masked
 */
record OutboundTarget(String user, String host, int port, boolean viaTrunk, String masked) {
  static final String EXPECTED = "an E.164 number (+ and 7 to 15 digits, e.g. +4930123456) or a SIP URI"
      + " sip:user@host[:port]";
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern SIP_URI = Pattern.compile("sip:([A-Za-z0-9+._~-]{1,64})@([A-Za-z0-9.-]{1,253})(?::([0-9]{1,5}))?");
  private static final int SIP_PORT = 5060;

  /** @throws IllegalArgumentException saying what is wrong with {@code to} */
  static OutboundTarget of(String to, Optional<OutboundTrunkRow> trunk, OutboundAddressPolicy policy) {
    String number = to.replaceAll("[\\s()-]", "");
    if (E164.matcher(number).matches()) {
      OutboundTrunkRow through = trunk.orElseThrow(() -> new IllegalArgumentException(
          "to: a number is dialled through the tenant's outbound trunk, and it has none: set one with PUT /v1/calls/trunk"));
      return new OutboundTarget(number, through.host(), through.port(), true, "+" + mask(number.substring(1)));
    }
    Matcher uri = SIP_URI.matcher(to.strip());
    if (!uri.matches()) throw new IllegalArgumentException("to: expected " + EXPECTED);
    String user = uri.group(1);
    String host = uri.group(2).toLowerCase(Locale.ROOT);
    int port = uri.group(3) == null ? SIP_PORT : Integer.parseInt(uri.group(3));
    if (port < 1 || port > 65535) throw new IllegalArgumentException("to: the port must be 1 to 65535");
    String masked = "sip:" + mask(user) + "@" + host;
    boolean trunkHost = trunk.filter(t -> t.host().equalsIgnoreCase(host) && t.port() == port).isPresent();
    if (!trunkHost) {
      policy.refusalOfHost(host).ifPresent(refusal -> {
        throw new IllegalArgumentException("to: the node does not call " + host + " (" + refusal + "); only the tenant's"
            + " trunk and hosts the outbound policy allows (" + OutboundAddressPolicy.SETTING + ") are called");
      });
    }
    return new OutboundTarget(user, host, port, trunkHost, masked);
  }

  private static String mask(String text) {
    int shown = Math.min(4, Math.max(0, text.length() - 2));
    return "*".repeat(text.length() - shown) + text.substring(text.length() - shown);
  }
}
