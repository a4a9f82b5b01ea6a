package io.parley.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.AsyncCause;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.persistence.PersistenceException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routes over the stores (knowledge base, tickets, user memory) share: a JSON object
 * body, the blocking store call on the blocking dispatcher (never on the HTTP one), and its
 * failure as an {@link ApiError}: bad input
 * (an {@code IllegalArgumentException} of the store or its records) is 400 with the store's
 * message, a {@link Refusal} its own status, a database failure 503, anything else 500.
 */
public final class StoreCalls extends AllDirectives {
  private static final Logger LOG = LoggerFactory.getLogger(StoreCalls.class);

  private final ApiError errors;
  private final JsonBodies bodies;
  private final Executor blocking;

  public StoreCalls(ObjectMapper json, Executor blocking) {
    this.errors = new ApiError(json);
    this.bodies = new JsonBodies(json, errors);
    this.blocking = blocking;
  }

  public ApiError errors() {
    return errors;
  }

  /** A JSON object body, or a 400 (see {@link JsonBodies}). */
  public Route objectBody(Function<JsonNode, Route> inner) {
    return bodies.objectBody(inner);
  }

  /**
   * A user id from the path, checked as every edge checks one ({@link MessageRules#id}), or a 400.
   * Not trimmed: the path names a stored user exactly, and " ada" is not "ada".
   */
  public Route userId(String raw, Function<String, Route> inner) {
    try {
      if (!MessageRules.id("userId", raw).equals(raw)) {
        return complete(errors.response(ErrorCode.BAD_REQUEST, "userId must not begin or end with white space"));
      }
    } catch (Refusal refused) {
      return complete(errors.response(refused));
    }
    return inner.apply(raw);
  }

  /** Runs {@code work} on the blocking dispatcher and answers with what it returns, or the error its failure means. */
  public Route call(Supplier<HttpResponse> work) {
    return completeWithFuture(answer(work));
  }

  /** What {@link #call} answers, for a caller that is not a route. */
  public CompletionStage<HttpResponse> answer(Supplier<HttpResponse> work) {
    return CompletableFuture.supplyAsync(work, blocking).exceptionally(this::failure);
  }

  public HttpResponse json(StatusCode status, Object body) {
    return bodies.response(status, body);
  }

  private HttpResponse failure(Throwable failure) {
    Throwable cause = AsyncCause.of(failure);
    if (cause instanceof IllegalArgumentException) return errors.response(ErrorCode.BAD_REQUEST, cause.getMessage());
    if (cause instanceof Refusal refused) return errors.response(refused);
    if (cause instanceof PersistenceException) {
      LOG.warn("a store request failed", cause);
      return errors.response(ErrorCode.UNAVAILABLE, "the database is unavailable; retry");
    }
    LOG.error("a store request failed", cause);
    return errors.response(ErrorCode.INTERNAL, "the request failed; see the server log");
  }

  /** An optional string field: absent or null is empty, anything but a string is refused. */
  public static java.util.Optional<String> optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return java.util.Optional.empty();
    if (!value.isTextual()) throw new IllegalArgumentException(field + " must be a string");
    return java.util.Optional.of(value.asText());
  }

  /** {@link #optionalText} for routes that answer a {@link Refusal}. */
  public static java.util.Optional<String> optionalString(JsonNode body, String field) {
    try {
      return optionalText(body, field);
    } catch (IllegalArgumentException e) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, e.getMessage());
    }
  }

  /** A required string field. */
  public static String text(JsonNode body, String field) {
    return optionalText(body, field).orElseThrow(() -> new IllegalArgumentException("missing field: " + field));
  }
}
