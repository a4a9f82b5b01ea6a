package io.parley.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Images that are small as files and large once decoded, as an attacker writes them: their headers
 * declare the sides (and frames) a decoder allocates for, whatever follows. Each is accepted as its
 * type by its signature.
 */
public final class DeclaredImages {
  private DeclaredImages() {}

  /**
   * A greyscale baseline JPEG of exactly {@code bytes} bytes whose frame header (SOF0) declares
   * {@code width} x {@code height}: SOI, a JFIF APP0, a comment filling the size, a quantization
   * table, SOF0, one DC and one AC Huffman table of a single code each, and a scan of blank blocks
   * that ends early. Complete enough that a decoder allocates the whole declared raster.
   */
  public static byte[] jpeg(int width, int height, int bytes) {
    ByteBuffer out = ByteBuffer.allocate(bytes);
    out.put(new byte[] {(byte) 0xFF, (byte) 0xD8});
    out.put(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
    int fixed = 2 + 18 + 69 + 13 + 40 + 10 + 8 + 2;
    int comment = bytes - fixed - 4;
    out.put(new byte[] {(byte) 0xFF, (byte) 0xFE}).putShort((short) (comment + 2)).put(new byte[comment]);
    byte[] quantization = new byte[64];
    Arrays.fill(quantization, (byte) 1);
    out.put(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 67, 0}).put(quantization);
    out.put(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 11, 8}).putShort((short) height).putShort((short) width)
        .put(new byte[] {1, 1, 0x11, 0});
    out.put(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 38});
    for (int tableClass : new int[] {0x00, 0x10}) {
      byte[] counts = new byte[16];
      counts[0] = 1;
      out.put((byte) tableClass).put(counts).put((byte) 0);
    }
    out.put(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0});
    out.put(new byte[8]);
    out.put(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.array();
  }

  /** A GIF89a whose logical screen and one frame declare {@code width} x {@code height}, with a few bytes of data. */
  public static byte[] gif(int width, int height) {
    return gif(width, height, 1);
  }

  /** A GIF89a of {@code frames} frames, each declaring {@code width} x {@code height}. */
  public static byte[] gif(int width, int height, int frames) {
    ByteBuffer out = ByteBuffer.allocate(13 + frames * 15 + 1).order(ByteOrder.LITTLE_ENDIAN);
    out.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height)
        .put(new byte[] {0, 0, 0});
    for (int i = 0; i < frames; i++) {
      out.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height)
          .put((byte) 0);
      out.put(new byte[] {2, 2, 0x4C, 0x01, 0});
    }
    out.put((byte) 0x3B);
    return out.array();
  }

  /**
   * A real PNG of {@code width} x {@code height} grey pixels (8-bit greyscale), deflated as it is
   * written, so an image of hundreds of megapixels takes well under a megabyte and no more memory
   * than a row.
   */
  public static byte[] png(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0}).array());
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] row = new byte[width + 1];
    byte[] buffer = new byte[64 * 1024];
    for (int y = 0; y < height; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) data.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.finish();
    while (!deflater.finished()) data.write(buffer, 0, deflater.deflate(buffer));
    deflater.end();
    chunk(out, "IDAT", data.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** A lossy WebP (a VP8 chunk) declaring {@code width} x {@code height}. */
  public static byte[] webpLossy(int width, int height) {
    ByteBuffer chunk = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    chunk.put(new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A}).putShort((short) width).putShort((short) height);
    return riff(riffChunk("VP8 ", chunk.array()));
  }

  /** A lossless WebP (a VP8L chunk) declaring {@code width} x {@code height}. */
  public static byte[] webpLossless(int width, int height) {
    ByteBuffer chunk = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);
    chunk.put((byte) 0x2F).putInt((width - 1) | (height - 1) << 14);
    return riff(riffChunk("VP8L", chunk.array()));
  }

  /** An extended WebP (VP8X) of a {@code width} x {@code height} canvas and {@code frames} ANMF frames as large. */
  public static byte[] webpAnimated(int width, int height, int frames) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] header = new byte[10];
    header[0] = 0x02;
    uint24(header, 4, width - 1);
    uint24(header, 7, height - 1);
    body.writeBytes(riffChunk("VP8X", header));
    for (int i = 0; i < frames; i++) {
      byte[] frame = new byte[16];
      uint24(frame, 6, width - 1);
      uint24(frame, 9, height - 1);
      body.writeBytes(riffChunk("ANMF", frame));
    }
    return riff(body.toByteArray());
  }

  private static void uint24(byte[] into, int at, int value) {
    into[at] = (byte) value;
    into[at + 1] = (byte) (value >>> 8);
    into[at + 2] = (byte) (value >>> 16);
  }

  private static byte[] riffChunk(String fourCc, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    return chunk.put(fourCc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data).array();
  }

  private static byte[] riff(byte[] chunks) {
    ByteBuffer out = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
    return out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length)
        .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks).array();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
