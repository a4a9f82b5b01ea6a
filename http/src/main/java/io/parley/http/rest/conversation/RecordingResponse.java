package io.parley.http.rest.conversation;

import io.parley.core.recording.MuLawWav;
import io.parley.core.recording.RecordingStore;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.rest.ApiError;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * {@code GET /v1/conversations/{id}/recording}: the call's recording, opened with the conversation's
 * data key, as {@code audio/wav}; {@code Recording-Started} says when it began, so a player seeks to
 * a message by its time. Not found when the call was not recorded, or its key was erased (then its
 * bytes can never be opened again). Blocking: run on the store's pool.
 */
final class RecordingResponse {
  static final String STARTED = "Recording-Started";

  private RecordingResponse() {}

  static HttpResponse of(RecordingStore recordings, SessionId id, ApiError errors) {
    return recordings.get(id).map(wav -> {
      HttpResponse response = HttpResponse.create().withStatus(StatusCodes.OK)
          .withEntity(HttpEntities.create(ContentTypes.parse("audio/wav"), wav))
          .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
          .addHeader(RawHeader.create("Cache-Control", "private, no-store"));
      return MuLawWav.started(wav).map(at -> response.addHeader(RawHeader.create(STARTED, at.toString())))
          .orElse(response);
    }).orElseGet(() -> errors.response(ErrorCode.NOT_FOUND, "this conversation has no recording"));
  }
}
