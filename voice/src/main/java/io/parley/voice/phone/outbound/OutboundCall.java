package io.parley.voice.phone.outbound;

import io.parley.core.session.PageContext;
import io.parley.voice.phone.machine.MachinePolicy;
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
 * @param onMachine what the call does if an answering machine answers; none: the call is not screened
 */
public record OutboundCall(String id, String tenant, String user, String host, int port, String callerId,
    Optional<Integer> version, PageContext context, Optional<Login> login, String number,
    Optional<MachinePolicy> onMachine) {
  /** A call that is not screened for answering machines. */
  public OutboundCall(String id, String tenant, String user, String host, int port, String callerId,
      Optional<Integer> version, PageContext context, Optional<Login> login, String number) {
    this(id, tenant, user, host, port, callerId, version, context, login, number, Optional.empty());
  }

  /** A trunk's digest credentials; never printed. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[" + username + "]";
    }
  }
}
