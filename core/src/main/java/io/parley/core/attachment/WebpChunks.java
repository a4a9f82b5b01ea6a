package io.parley.core.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A WebP file (a RIFF container) with only the chunks that draw it: {@code VP8 }, {@code VP8L},
 * {@code VP8X}, {@code ALPH}, {@code ANIM}, {@code ANMF} and {@code ICCP}. Everything else goes,
 * whatever its name ({@code EXIF}, {@code exif}, {@code XMP }, a writer's own {@code GPS }): an
 * allowlist, because a list of the chunks to remove misses the next name a camera app makes up.
 * The {@code VP8X} header's flags are set to what is kept (ICC profile as its chunk is kept, no
 * EXIF or XMP, reserved bits clear) and the RIFF size is computed again.
 */
final class WebpChunks {
  private static final Set<String> KEPT = Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP");
  private static final int ICC_FLAG = 0x20;
  private static final int ALPHA_FLAG = 0x10;
  private static final int ANIMATION_FLAG = 0x02;

  private WebpChunks() {}

  static byte[] withoutMetadata(byte[] content) {
    ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    if (content.length < 12) throw new UnreadableImageException("the WebP image is cut short");
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    int header = -1;
    boolean iccKept = false;
    int at = 12;
    while (at + 8 <= content.length) {
      String fourCc = new String(content, at, 4, StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(in.getInt(at + 4));
      long padded = size + (size & 1);
      if (at + 8 + size > content.length) throw new UnreadableImageException("the WebP image is cut short");
      int length = (int) Math.min(8 + padded, content.length - at);
      if (KEPT.contains(fourCc)) {
        if (fourCc.equals("VP8X") && size >= 1 && header < 0) header = chunks.size() + 8;
        iccKept |= fourCc.equals("ICCP");
        chunks.writeBytes(Arrays.copyOfRange(content, at, at + length));
      }
      at += length;
    }
    byte[] body = chunks.toByteArray();
    if (header >= 0) body[header] = (byte) (body[header] & (ALPHA_FLAG | ANIMATION_FLAG) | (iccKept ? ICC_FLAG : 0));
    ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(content, 0, 4).putInt(4 + body.length).put(content, 8, 4).put(body);
    return out.array();
  }
}
