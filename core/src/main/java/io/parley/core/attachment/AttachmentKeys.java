package io.parley.core.attachment;

import io.parley.core.session.SessionId;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where an attachment's bytes are stored: {@code <tenant>/attachments/<sessionUuid>/<attachmentId>},
 * beside the tenant's archive documents. Ids are minted here: {@code att_} and a random UUID, so
 * nobody can guess another conversation's.
 */
public final class AttachmentKeys {
  private static final Pattern ID = Pattern.compile("att_[0-9a-f]{32}");

  private AttachmentKeys() {}

  public static String newId() {
    return "att_" + UUID.randomUUID().toString().replace("-", "");
  }

  public static boolean isId(String candidate) {
    return candidate != null && ID.matcher(candidate).matches();
  }

  public static String of(SessionId session, String attachmentId) {
    if (!isId(attachmentId)) throw new IllegalArgumentException("not an attachment id: " + attachmentId);
    return session.tenant() + "/attachments/" + session.uuid() + "/" + attachmentId;
  }
}
