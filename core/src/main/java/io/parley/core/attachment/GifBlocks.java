package io.parley.core.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A GIF with only what draws it: the header and global color table, each frame (its image
 * descriptor, local color table and LZW data), each frame's graphic control extension (its delay,
 * disposal and transparency), and the {@code NETSCAPE2.0} loop count. Everything else goes, as an
 * allowlist: comments, plain-text extensions, every other application's blocks (XMP among them)
 * and labels no one has defined yet. The two kept extensions are written again in their
 * fixed form, so sub-blocks appended to them carry nothing along; bytes after the trailer are dropped.
 */
final class GifBlocks {
  private static final int EXTENSION = 0x21;
  private static final int IMAGE = 0x2C;
  private static final int TRAILER = 0x3B;
  private static final int GRAPHIC_CONTROL = 0xF9;
  private static final int APPLICATION = 0xFF;
  private static final byte[] LOOP_IDENTIFIER = "NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII);

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
    if (at > in.length) throw new ArrayIndexOutOfBoundsException(at);
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
        if (label == GRAPHIC_CONTROL) graphicControl(in, start + 2, out);
        if (label == APPLICATION) loop(in, start + 2, out);
      } else if (introducer == IMAGE) {
        at += 10;
        at += colorTable(in[start + 9]);
        at = subBlocksEnd(in, at + 1);
        out.write(in, start, at - start);
      } else {
        throw new UnreadableImageException("the GIF image has an unknown block");
      }
    }
  }

  /** The graphic control extension whose first sub-block is at {@code at}, if it has the 4 bytes it must. */
  private static void graphicControl(byte[] in, int at, ByteArrayOutputStream out) {
    if ((in[at] & 0xFF) != 4) return;
    out.write(new byte[] {EXTENSION, (byte) GRAPHIC_CONTROL, 4}, 0, 3);
    out.write(in, at + 1, 4);
    out.write(0);
  }

  /** The {@code NETSCAPE2.0} loop count of the application extension at {@code at}; any other application's block goes. */
  private static void loop(byte[] in, int at, ByteArrayOutputStream out) {
    if ((in[at] & 0xFF) != 11 || !java.util.Arrays.equals(in, at + 1, at + 12, LOOP_IDENTIFIER, 0, 11)) return;
    int data = at + 12;
    if ((in[data] & 0xFF) != 3 || in[data + 1] != 1) return;
    out.write(new byte[] {EXTENSION, (byte) APPLICATION, 11}, 0, 3);
    out.writeBytes(LOOP_IDENTIFIER);
    out.write(new byte[] {3, 1, in[data + 2], in[data + 3], 0}, 0, 5);
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
}
