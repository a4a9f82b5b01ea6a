package io.parley.http.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.session.ErrorCode;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * JSON in and out of every REST route, through the node's one Jackson mapper. A request body is a
 * JSON object; an empty body reads as {@code {}}, so a route with only optional fields takes none
 * and one with required fields names what is missing. Every response body is written here too.
 */
public final class JsonBodies extends AllDirectives {
  private final ObjectMapper json;
  private final ApiError errors;

  public JsonBodies(ObjectMapper json, ApiError errors) {
    this.json = json;
    this.errors = errors;
  }

  /** The request's JSON object body ({@code {}} when empty), or a 400 saying what is wrong with it. */
  public Route objectBody(Function<JsonNode, Route> inner) {
    return entity(Unmarshaller.entityToString(), raw -> {
      if (raw.isBlank()) return inner.apply(json.createObjectNode());
      try {
        JsonNode node = json.readTree(raw);
        if (!node.isObject()) return complete(errors.response(ErrorCode.BAD_REQUEST, "the body must be a JSON object"));
        return inner.apply(node);
      } catch (JsonProcessingException e) {
        return complete(errors.response(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage()));
      }
    });
  }

  /** {@code value} as the API writes it. */
  public JsonNode tree(Object value) {
    return json.valueToTree(value);
  }

  /** {@code body} as a JSON response with {@code status}. */
  public HttpResponse response(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(entity(body));
  }

  private RequestEntity entity(Object body) {
    return HttpEntities.create(ContentTypes.APPLICATION_JSON, encode(body));
  }

  private byte[] encode(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response body could not be encoded: " + body.getClass().getName(), e);
    }
  }
}
