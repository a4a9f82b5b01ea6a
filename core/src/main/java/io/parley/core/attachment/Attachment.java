package io.parley.core.attachment;

import java.time.Instant;

/**
 * A file added to a conversation, as the conversation refers to it: the bytes are stored apart,
 * sealed with the conversation's data key ({@link AttachmentKeys}). {@code contentType} is the
 * type its content showed, never the one its uploader declared.
 */
public record Attachment(String attachmentId, String name, String contentType, long size, Instant at) {
  public boolean isImage() {
    return contentType.startsWith("image/");
  }
}
