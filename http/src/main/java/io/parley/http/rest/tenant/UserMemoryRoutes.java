package io.parley.http.rest.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Caller;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryId;
import io.parley.core.memory.UserMemory;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What long-term memory holds about a user, in the caller's tenant only, for its staff or that
 * user (a customer with the credential its conversations use): {@code GET /v1/users/{userId}/memory}
 * lists it, {@code PUT .../memory/{id}} corrects an item's text, {@code DELETE .../memory/{id}}
 * forgets one and {@code DELETE .../memory} all. The next turn's recall reads the table again, so it
 * sees a change at once. Every change is audited, a customer's own included, by its path alone: the
 * text is personal data and stays out of the log.
 */
public final class UserMemoryRoutes extends StoreRoutes {
  /** Longer than any pinned fact or episode the node writes, short enough to embed at once. */
  static final int MAX_TEXT_LENGTH = 2000;

  record MemoryJson(String tenant, String userId, List<EntryJson> entries) {}

  record EntryJson(String id, String kind, String name, String text, String sessionId, Instant at) {
    static EntryJson of(MemoryEntry entry) {
      return new EntryJson(entry.id().toString(), entry.kind(), entry.name(), entry.text(), entry.sessionId(), entry.at());
    }
  }

  private final UserMemory memory;

  public UserMemoryRoutes(UserMemory memory, ObjectMapper json, Callers callers, Executor blocking) {
    super(callers, new StoreCalls(json, blocking));
    this.memory = memory;
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("v1").slash("users").slash(PathMatchers.segment()).slash("memory"), segment -> concat(
            get(() -> read(segment)),
            delete(() -> changing(segment, "user.memory.forget_all", (caller, userId) -> calls.call(() ->
                calls.json(StatusCodes.OK, Map.of("forgotten", memory.forget(caller.tenant(), userId)))))))),
        path(PathMatchers.segment("v1").slash("users").slash(PathMatchers.segment()).slash("memory")
            .slash(PathMatchers.segment()), (segment, rawId) -> concat(
            put(() -> changing(segment, "user.memory.correct", (caller, userId) -> item(rawId, id ->
                calls.objectBody(body -> calls.call(() -> done(memory.correct(caller.tenant(), userId, id, text(body)))))))),
            delete(() -> changing(segment, "user.memory.forget", (caller, userId) -> item(rawId, id ->
                calls.call(() -> done(memory.forget(caller.tenant(), userId, id)))))))));
  }

  private Route read(String segment) {
    return callers.caller(caller -> calls.userId(segment, userId ->
        callers.allowed(caller, "user.memory.read", AccessPolicy.mayReadUser(caller, userId), () ->
            callers.audit().recordedForStaff(caller, "user.memory.read", () -> calls.call(() -> list(caller, userId))))));
  }

  private static String text(JsonNode body) {
    String text = StoreCalls.text(body, "text");
    if (text.isBlank()) throw new IllegalArgumentException("text must not be blank");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH + " characters");
    }
    return text;
  }

  private HttpResponse list(Caller caller, String userId) {
    return calls.json(StatusCodes.OK, new MemoryJson(caller.tenant(), userId,
        memory.all(caller.tenant(), userId).stream().map(EntryJson::of).toList()));
  }

  private Route changing(String segment, String action, BiFunction<Caller, String, Route> inner) {
    return callers.caller(caller -> calls.userId(segment, userId ->
        callers.allowed(caller, action, AccessPolicy.mayCorrectUserMemory(caller, userId), () ->
            callers.audit().recorded(caller, action, () -> inner.apply(caller, userId)))));
  }

  private Route item(String rawId, Function<MemoryId, Route> inner) {
    return MemoryId.parse(rawId).map(inner)
        .orElseGet(() -> complete(calls.errors().response(ErrorCode.BAD_REQUEST, "not a memory id: " + rawId)));
  }

  private HttpResponse done(boolean found) {
    return found ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
        : calls.errors().response(ErrorCode.NOT_FOUND, "no such memory");
  }
}
