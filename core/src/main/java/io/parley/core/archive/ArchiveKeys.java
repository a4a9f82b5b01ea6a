package io.parley.core.archive;

import io.parley.core.session.SessionId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Object keys of archived sessions: {@code <tenant>/yyyy/mm/dd/<sessionUuid>.json}, dated by the close, in UTC. */
public final class ArchiveKeys {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private ArchiveKeys() {}

  public static String of(SessionId session, Instant closedAt) {
    return session.tenant() + "/" + DAY.format(closedAt) + "/" + session.uuid() + ".json";
  }
}
