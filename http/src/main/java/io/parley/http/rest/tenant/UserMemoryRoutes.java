package io.parley.http.rest.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.UserMemory;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /v1/users/{userId}/memory}: what long-term memory holds about a user, in the caller's tenant only, for staff or that user. */
public final class UserMemoryRoutes extends StoreRoutes {
  record MemoryJson(String tenant, String userId, List<EntryJson> entries) {}

  record EntryJson(String kind, String name, String text, String sessionId, Instant at) {
    static EntryJson of(MemoryEntry entry) {
      return new EntryJson(entry.kind(), entry.name(), entry.text(), entry.sessionId(), entry.at());
    }
  }

  private final UserMemory memory;

  public UserMemoryRoutes(UserMemory memory, ObjectMapper json, Callers callers, Executor blocking) {
    super(callers, new StoreCalls(json, blocking));
    this.memory = memory;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("users").slash(PathMatchers.segment()).slash("memory"), segment ->
        get(() -> callers.caller(caller -> calls.userId(segment, userId -> {
          String tenant = caller.tenant();
          return callers.allowed(caller, "user.memory.read", AccessPolicy.mayReadUser(caller, userId), () ->
              callers.audit().recordedForStaff(caller, "user.memory.read", () -> calls.call(() -> calls.json(StatusCodes.OK,
                  new MemoryJson(tenant, userId, memory.all(tenant, userId).stream().map(EntryJson::of).toList())))));
        }))));
  }
}
