package io.parley.core.recording;

import io.parley.core.session.SessionId;

/**
 * Where a call's recording is stored: {@code <tenant>/recordings/<sessionUuid>.wav}, beside the
 * tenant's archive documents; one per session, as a phone session is one call.
 */
public final class RecordingKeys {
  private RecordingKeys() {}

  public static String of(SessionId session) {
    return session.tenant() + "/recordings/" + session.uuid() + ".wav";
  }
}
