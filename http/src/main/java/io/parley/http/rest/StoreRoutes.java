package io.parley.http.rest;

import io.parley.http.auth.Callers;
import org.apache.pekko.http.javadsl.server.AllDirectives;

/**
 * What the REST routes over the stores share: the request's caller, checked against what it may do
 * ({@link Callers}), and the store's calls on the blocking dispatcher with their failures as API
 * errors ({@link StoreCalls}).
 */
abstract class StoreRoutes extends AllDirectives {
  protected final Callers callers;
  protected final StoreCalls calls;

  StoreRoutes(Callers callers, StoreCalls calls) {
    this.callers = callers;
    this.calls = calls;
  }
}
