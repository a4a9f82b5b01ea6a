package io.parley.core.testing;

import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;

/** The outbound client of a test whose fakes of other parties' services listen on loopback. */
public final class LoopbackOutbound {
  public static final String NETWORKS = "127.0.0.0/8,::1/128";

  private LoopbackOutbound() {}

  /** A client allowed to reach loopback, besides public addresses. */
  public static OutboundHttp http() {
    return new OutboundHttp(OutboundAddressPolicy.parse(NETWORKS));
  }
}
