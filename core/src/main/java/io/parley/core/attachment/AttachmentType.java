package io.parley.core.attachment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of file a conversation may carry, by the media type their content shows. */
public enum AttachmentType {
  JPEG("image/jpeg"),
  PNG("image/png"),
  WEBP("image/webp"),
  GIF("image/gif"),
  PDF("application/pdf"),
  TEXT("text/plain");

  private final String mediaType;

  AttachmentType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Shown inline by a browser and read by a model with vision. */
  public boolean isImage() {
    return mediaType.startsWith("image/");
  }

  /** The type of a media type ({@code image/jpeg}), as a configuration names it. */
  public static Optional<AttachmentType> ofMediaType(String mediaType) {
    String wanted = mediaType.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(type -> type.mediaType.equals(wanted)).findFirst();
  }
}
