package io.parley.core.attachment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What an image's header declares, read without decoding a pixel: its canvas ({@code width} x
 * {@code height}), its {@code frames} (1 for a still image) and the pixels of its largest frame
 * (a GIF's or WebP's frame may declare more than its canvas). A decoder allocates what the header
 * declares, so this is what {@link ImageLimits} bounds before anything is decoded. Read from the
 * JPEG's SOF segment, the PNG's IHDR (and APNG's acTL), the GIF's logical screen and image
 * descriptors, the WebP's VP8, VP8L or VP8X chunk (and ANMF frames).
 */
public record ImageHeader(int width, int height, int frames, long largestFramePixels) {
  /** A still image of {@code width} x {@code height}. */
  static ImageHeader still(int width, int height) {
    return new ImageHeader(width, height, 1, (long) width * height);
  }

  /** The canvas's pixels. */
  public long pixels() {
    return (long) width * height;
  }

  /**
   * The header of {@code content}, an image of {@code type}.
   *
   * @throws UnreadableImageException when it has none where its format puts it, or it is cut short
   * @throws IllegalArgumentException when {@code type} is not an image
   */
  public static ImageHeader read(AttachmentType type, byte[] content) {
    ByteBuffer in = ByteBuffer.wrap(content).asReadOnlyBuffer();
    try {
      return switch (type) {
        case JPEG -> jpeg(in);
        case PNG -> png(in);
        case GIF -> gif(in.order(ByteOrder.LITTLE_ENDIAN));
        case WEBP -> webp(in.order(ByteOrder.LITTLE_ENDIAN));
        case PDF, TEXT -> throw new IllegalArgumentException(type.mediaType() + " is not an image");
      };
    } catch (IndexOutOfBoundsException e) {
      throw new UnreadableImageException("the " + type.name() + " image's header is cut short");
    }
  }

  /** The first start-of-frame segment (SOF0 to SOF15 but DHT, JPG and DAC), before the scan starts. */
  private static ImageHeader jpeg(ByteBuffer in) {
    int at = 2;
    while (true) {
      if ((in.get(at) & 0xFF) != 0xFF) throw new UnreadableImageException("the JPEG image has no frame header");
      int marker = in.get(at + 1) & 0xFF;
      if (marker == 0xFF) {
        at++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        at += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) throw new UnreadableImageException("the JPEG image has no frame header");
      boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (frame) {
        int height = in.getShort(at + 5) & 0xFFFF;
        int width = in.getShort(at + 7) & 0xFFFF;
        // A height of 0 is given later by a DNL segment, which the JDK's decoder does not take either.
        if (width == 0 || height == 0) throw new UnreadableImageException("the JPEG image declares no size");
        return still(width, height);
      }
      at += 2 + (in.getShort(at + 2) & 0xFFFF);
    }
  }

  /** IHDR, always the first chunk; an animated PNG's acTL, before its first IDAT, counts its frames. */
  private static ImageHeader png(ByteBuffer in) {
    if (!fourCc(in, 12).equals("IHDR")) throw new UnreadableImageException("the PNG image does not start with IHDR");
    int width = in.getInt(16);
    int height = in.getInt(20);
    if (width <= 0 || height <= 0) throw new UnreadableImageException("the PNG image declares no size");
    int at = 8;
    while (at + 8 <= in.limit()) {
      long length = Integer.toUnsignedLong(in.getInt(at));
      String name = fourCc(in, at + 4);
      if (name.equals("IDAT") || name.equals("IEND")) break;
      if (name.equals("acTL")) {
        int frames = Math.max(1, (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(in.getInt(at + 8))));
        return new ImageHeader(width, height, frames, (long) width * height);
      }
      at = (int) Math.min(Integer.MAX_VALUE, at + 12 + length);
    }
    return still(width, height);
  }

  /** The logical screen, and every image descriptor: each frame's own size may exceed the screen's. */
  private static ImageHeader gif(ByteBuffer in) {
    int width = in.getShort(6) & 0xFFFF;
    int height = in.getShort(8) & 0xFFFF;
    int at = 13 + paletteBytes(in.get(10));
    int frames = 0;
    long largest = 0;
    for (int block = in.get(at) & 0xFF; block != 0x3B; block = in.get(at) & 0xFF) {
      if (block == 0x21) {
        at = afterSubBlocks(in, at + 2);
      } else if (block == 0x2C) {
        frames++;
        largest = Math.max(largest, (long) (in.getShort(at + 5) & 0xFFFF) * (in.getShort(at + 7) & 0xFFFF));
        at = afterSubBlocks(in, at + 10 + paletteBytes(in.get(at + 9)) + 1);
      } else {
        throw new UnreadableImageException("the GIF image has a block of unknown kind " + block);
      }
    }
    if (frames == 0) throw new UnreadableImageException("the GIF image has no frame");
    return new ImageHeader(width, height, frames, largest);
  }

  private static int paletteBytes(byte flags) {
    return (flags & 0x80) == 0 ? 0 : 3 << ((flags & 0x07) + 1);
  }

  /** Past the data sub-blocks starting at {@code at} and their empty terminator. */
  private static int afterSubBlocks(ByteBuffer in, int at) {
    int next = at;
    for (int size = in.get(next) & 0xFF; size != 0; size = in.get(next) & 0xFF) {
      next += size + 1;
    }
    return next + 1;
  }

  /**
   * The first chunk says the kind: VP8 (lossy: 14-bit sides after its start code), VP8L (lossless:
   * 14-bit sides less one) or VP8X (extended: a 24-bit canvas less one, whose ANMF chunks are its frames).
   */
  private static ImageHeader webp(ByteBuffer in) {
    String kind = fourCc(in, 12);
    return switch (kind) {
      case "VP8 " -> {
        if ((in.get(23) & 0xFF) != 0x9D || (in.get(24) & 0xFF) != 0x01 || (in.get(25) & 0xFF) != 0x2A) {
          throw new UnreadableImageException("the WebP image's VP8 frame has no start code");
        }
        yield still(in.getShort(26) & 0x3FFF, in.getShort(28) & 0x3FFF);
      }
      case "VP8L" -> {
        if ((in.get(20) & 0xFF) != 0x2F) throw new UnreadableImageException("the WebP image's VP8L has no signature");
        int sides = in.getInt(21);
        yield still((sides & 0x3FFF) + 1, ((sides >>> 14) & 0x3FFF) + 1);
      }
      case "VP8X" -> extendedWebp(in);
      default -> throw new UnreadableImageException("the WebP image starts with an unknown chunk " + kind.strip());
    };
  }

  private static ImageHeader extendedWebp(ByteBuffer in) {
    int width = uint24(in, 24) + 1;
    int height = uint24(in, 27) + 1;
    int frames = 0;
    long largest = 0;
    long at = 12;
    while (at + 8 <= in.limit()) {
      int chunk = (int) at;
      long size = Integer.toUnsignedLong(in.getInt(chunk + 4));
      if (fourCc(in, chunk).equals("ANMF")) {
        frames++;
        largest = Math.max(largest, (long) (uint24(in, chunk + 14) + 1) * (uint24(in, chunk + 17) + 1));
      }
      at += 8 + size + (size & 1);
    }
    return frames == 0 ? still(width, height) : new ImageHeader(width, height, frames, largest);
  }

  private static int uint24(ByteBuffer in, int at) {
    return (in.get(at) & 0xFF) | (in.get(at + 1) & 0xFF) << 8 | (in.get(at + 2) & 0xFF) << 16;
  }

  private static String fourCc(ByteBuffer in, int at) {
    byte[] name = new byte[4];
    in.get(at, name);
    return new String(name, StandardCharsets.US_ASCII);
  }
}
