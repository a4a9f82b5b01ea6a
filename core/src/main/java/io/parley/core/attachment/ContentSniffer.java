package io.parley.core.attachment;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The type a file's bytes show, whatever its name or declared type say: the signatures of the
 * six accepted formats, and UTF-8 text without control characters. Written here rather than taken
 * from Apache Tika: six signatures are a few lines, and Tika's detector would bring a few hundred
 * types the conversation must refuse anyway. Anything else (an executable, an archive, an
 * office document) has no type, and is refused.
 */
public final class ContentSniffer {
  private static final int TEXT_PROBE_BYTES = 8192;

  private ContentSniffer() {}

  public static Optional<AttachmentType> detect(byte[] content) {
    if (startsWith(content, 0, 0xFF, 0xD8, 0xFF)) return Optional.of(AttachmentType.JPEG);
    if (startsWith(content, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(AttachmentType.PNG);
    if (startsWith(content, 0, 'G', 'I', 'F', '8') && content.length > 5 && (content[4] == '7' || content[4] == '9')
        && content[5] == 'a') {
      return Optional.of(AttachmentType.GIF);
    }
    if (startsWith(content, 0, 'R', 'I', 'F', 'F') && startsWith(content, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(AttachmentType.WEBP);
    }
    if (startsWith(content, 0, '%', 'P', 'D', 'F', '-')) return Optional.of(AttachmentType.PDF);
    return isText(content) ? Optional.of(AttachmentType.TEXT) : Optional.empty();
  }

  private static boolean startsWith(byte[] content, int offset, int... signature) {
    if (content.length < offset + signature.length) return false;
    for (int i = 0; i < signature.length; i++) {
      if ((content[offset + i] & 0xFF) != signature[i]) return false;
    }
    return true;
  }

  /** Valid UTF-8 (a character cut at the probe's end aside) with no control character but tab, line breaks and form feed. */
  private static boolean isText(byte[] content) {
    if (content.length == 0) return false;
    int probed = Math.min(content.length, TEXT_PROBE_BYTES);
    for (int i = 0; i < probed; i++) {
      int b = content[i] & 0xFF;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') return false;
      if (b == 0x7F) return false;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content, 0, probed < content.length ? lastWholeCharacter(content, probed) : probed));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Where the probe ends without splitting a multi-byte character. */
  private static int lastWholeCharacter(byte[] content, int end) {
    int i = end;
    while (i > 0 && end - i < 4 && (content[i] & 0xC0) == 0x80) i--;
    return i;
  }
}
