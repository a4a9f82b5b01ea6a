package io.parley.http.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** REST errors: {@code {"error": {"code", "message"}}} with the HTTP status matching the code. */
public final class ApiError {
  private final ObjectMapper json;

  public ApiError(ObjectMapper json) {
    this.json = json;
  }

  public HttpResponse response(ErrorCode code, String message) {
    return response(code.httpStatus(), code.wireName(), message);
  }

  /** A refusal; one that says when a retry may succeed also says so as {@code Retry-After} (whole seconds, rounded up). */
  public HttpResponse response(Refusal refusal) {
    HttpResponse response = response(refusal.code(), refusal.getMessage());
    return refusal.retryAfterMs()
        .map(ms -> response.addHeader(RawHeader.create("Retry-After", Long.toString((ms + 999) / 1000))))
        .orElse(response);
  }

  /** For statuses that have no protocol code (405, 404 of an unknown path, ...). */
  public HttpResponse response(int status, String code, String message) {
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }
}
