package io.parley.voice.phone.outbound;

import io.parley.core.session.PageContext;
import java.util.Optional;

/**
 * A call the node is asked to place: to {@code user} at {@code host}:{@code port} (a number at the
 * tenant's trunk, or a SIP URI's own host once the outbound policy let it through), shown as
 * {@code callerId}. The answered call's session starts on the tenant's bot configuration
 * {@code version} (else the published one) with {@code context} as its context, read by the model
 * as data. {@code login}: the trunk's digest credentials, answered to a 401 or 407 challenge.
 *
 * @param id the call's id in the API
 * @param number the callee's number (E.164) or SIP user, kept only hashed: the session's user, as an inbound
 *     caller's number is
 */
public record OutboundCall(String id, String tenant, String user, String host, int port, String callerId,
    Optional<Integer> version, PageContext context, Optional<Login> login, String number) {

  /** A trunk's digest credentials; never printed. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[" + username + "]";
    }
  }
}
