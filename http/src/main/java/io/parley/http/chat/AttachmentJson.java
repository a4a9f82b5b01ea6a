package io.parley.http.chat;

import io.parley.core.attachment.Attachment;
import java.util.List;

/**
 * A file of a conversation as clients see it (REST and frames): its id, type (as its content
 * showed it), size, name, and the path it is read from with the caller's own credential.
 */
public record AttachmentJson(String attachmentId, String contentType, long size, String name, String url) {
  public static AttachmentJson of(String sessionId, Attachment attachment) {
    return new AttachmentJson(attachment.attachmentId(), attachment.contentType(), attachment.size(), attachment.name(),
        url(sessionId, attachment.attachmentId()));
  }

  public static List<AttachmentJson> allOf(String sessionId, List<Attachment> attachments) {
    return attachments.stream().map(a -> of(sessionId, a)).toList();
  }

  public static String url(String sessionId, String attachmentId) {
    return "/v1/sessions/" + sessionId + "/attachments/" + attachmentId;
  }
}
