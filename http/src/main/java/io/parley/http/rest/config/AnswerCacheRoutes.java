package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.cache.AnswerCache;
import io.parley.core.identity.Action;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/cache}: how many answers the caller's tenant has cached; {@code DELETE /v1/cache}:
 * forget them all (after a policy change the knowledge base does not show, say). Admins only.
 */
public final class AnswerCacheRoutes extends StoreRoutes {
  record CacheJson(String tenant, int entries) {}

  record ClearedJson(String tenant, int deleted) {}

  private final AnswerCache cache;

  public AnswerCacheRoutes(AnswerCache cache, ObjectMapper json, Callers callers, Executor blocking) {
    super(callers, new StoreCalls(json, blocking));
    this.cache = cache;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("cache"), () -> callers.caller(caller -> concat(
        get(() -> callers.permitted(caller, Action.MANAGE_ANSWER_CACHE, () -> calls.call(() -> calls.json(StatusCodes.OK,
            new CacheJson(caller.tenant(), cache.size(caller.tenant())))))),
        delete(() -> callers.audited(caller, Action.MANAGE_ANSWER_CACHE, "cache.clear", () -> calls.call(() ->
            calls.json(StatusCodes.OK, new ClearedJson(caller.tenant(), cache.clear(caller.tenant())))))))));
  }
}
