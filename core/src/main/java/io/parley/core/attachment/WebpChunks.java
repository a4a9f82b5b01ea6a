package io.parley.core.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A WebP file (a RIFF container) without its {@code EXIF} and {@code XMP } chunks, and its header's flags for them cleared. */
final class WebpChunks {
  private static final int EXIF_FLAG = 0x08;
  private static final int XMP_FLAG = 0x04;

  private WebpChunks() {}

  static byte[] withoutMetadata(byte[] content) {
    ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    if (content.length < 12) throw new UnreadableImageException("the WebP image is cut short");
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    int at = 12;
    while (at + 8 <= content.length) {
      String fourCc = new String(content, at, 4, StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(in.getInt(at + 4));
      long padded = size + (size & 1);
      if (at + 8 + size > content.length) throw new UnreadableImageException("the WebP image is cut short");
      int length = (int) Math.min(8 + padded, content.length - at);
      if (!fourCc.equals("EXIF") && !fourCc.equals("XMP ")) {
        byte[] chunk = java.util.Arrays.copyOfRange(content, at, at + length);
        if (fourCc.equals("VP8X") && size >= 1) chunk[8] = (byte) (chunk[8] & ~(EXIF_FLAG | XMP_FLAG));
        chunks.writeBytes(chunk);
      }
      at += length;
    }
    byte[] body = chunks.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(content, 0, 4).putInt(4 + body.length).put(content, 8, 4).put(body);
    return out.array();
  }
}
