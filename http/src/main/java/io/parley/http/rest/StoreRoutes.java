package io.parley.http.rest;

import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.http.auth.Callers;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What the REST routes over the stores share: the request's caller, checked against what it may do
 * ({@link Callers}), and the store's calls on the blocking dispatcher with their failures as API
 * errors ({@link StoreCalls}).
 */
public abstract class StoreRoutes extends AllDirectives {
  protected final Callers callers;
  protected final StoreCalls calls;

  protected StoreRoutes(Callers callers, StoreCalls calls) {
    this.callers = callers;
    this.calls = calls;
  }

  /**
   * {@code inner} with the agent id the caller signs in as: any agent or admin who works in the
   * console; one signed in as no one is refused ({@code what} names the refusal in the audit log).
   */
  protected Route asAgent(Caller caller, String what, Function<String, Route> inner) {
    return callers.permitted(caller, Action.TAKE_OVER_CONVERSATIONS, () -> caller.agentId().map(inner)
        .orElseGet(() -> callers.forbidden(caller, what, "this is an agent's: sign in as one (a token with a sub, "
            + "a staff account or an API key)")));
  }
}
