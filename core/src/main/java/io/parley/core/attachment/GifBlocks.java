package io.parley.core.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A GIF without its comment blocks and the application blocks of other programs (XMP among them):
 * its frames, their timing and the animation's loop ({@code NETSCAPE2.0}, {@code ANIMEXTS1.0}) stay.
 */
final class GifBlocks {
  private static final int EXTENSION = 0x21;
  private static final int IMAGE = 0x2C;
  private static final int TRAILER = 0x3B;
  private static final int COMMENT = 0xFE;
  private static final int APPLICATION = 0xFF;

  private GifBlocks() {}

  static byte[] withoutMetadata(byte[] content) {
    try {
      return copy(content);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new UnreadableImageException("the GIF image is cut short");
    }
  }

  private static byte[] copy(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    int at = 13;
    at += colorTable(in[10]);
    out.write(in, 0, at);
    while (true) {
      int introducer = in[at] & 0xFF;
      if (introducer == TRAILER) {
        out.write(TRAILER);
        return out.toByteArray();
      }
      int start = at;
      if (introducer == EXTENSION) {
        int label = in[at + 1] & 0xFF;
        at = subBlocksEnd(in, at + 2);
        if (label == COMMENT || (label == APPLICATION && !isAnimationLoop(in, start + 2))) continue;
      } else if (introducer == IMAGE) {
        at += 10;
        at += colorTable(in[start + 9]);
        at = subBlocksEnd(in, at + 1);
      } else {
        throw new UnreadableImageException("the GIF image has an unknown block");
      }
      out.write(in, start, at - start);
    }
  }

  private static int colorTable(byte packed) {
    return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
  }

  /** Where the sub-blocks starting at {@code at} end, after their zero-length terminator. */
  private static int subBlocksEnd(byte[] in, int at) {
    while (true) {
      int size = in[at] & 0xFF;
      at += 1 + size;
      if (size == 0) return at;
      if (at > in.length) throw new ArrayIndexOutOfBoundsException(at);
    }
  }

  private static boolean isAnimationLoop(byte[] in, int firstSubBlock) {
    if ((in[firstSubBlock] & 0xFF) != 11) return false;
    String identifier = new String(in, firstSubBlock + 1, 11, StandardCharsets.US_ASCII);
    return identifier.equals("NETSCAPE2.0") || identifier.equals("ANIMEXTS1.0");
  }
}
