package io.parley.core.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * Images as phones make them: a JPEG carrying an EXIF segment with a GPS position, whose marker
 * text ({@link #GPS_MARKER}) a test looks for after the image was scrubbed.
 */
public final class TestImages {
  public static final String GPS_MARKER = "GPS 48.8584N 2.2945E";

  private TestImages() {}

  /** A {@code width}×{@code height} JPEG with an EXIF segment holding a GPS marker. */
  public static byte[] jpegWithGps(int width, int height) {
    byte[] plain = encoded(picture(width, height), "jpeg");
    byte[] exif = exifSegment();
    ByteBuffer out = ByteBuffer.allocate(plain.length + exif.length);
    out.put(plain, 0, 2).put(exif).put(plain, 2, plain.length - 2);
    return out.array();
  }

  public static byte[] png(int width, int height) {
    return encoded(picture(width, height), "png");
  }

  public static BufferedImage picture(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.ORANGE);
    graphics.fillRect(0, 0, width, height);
    graphics.setColor(Color.BLUE);
    graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
    graphics.dispose();
    return image;
  }

  /** Whether {@code content} holds {@code text} anywhere (Latin-1, byte for byte). */
  public static boolean holds(byte[] content, String text) {
    return new String(content, StandardCharsets.ISO_8859_1).contains(text);
  }

  private static byte[] encoded(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** An APP1 segment: {@code Exif\0\0}, a little-endian TIFF header and one ASCII entry holding the marker. */
  private static byte[] exifSegment() {
    byte[] text = (GPS_MARKER + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4 + text.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x010E).putShort((short) 2).putInt(text.length).putInt(8 + 2 + 12 + 4);
    tiff.putInt(0);
    tiff.put(text);
    byte[] body = tiff.array();
    ByteBuffer segment = ByteBuffer.allocate(4 + 6 + body.length);
    segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + body.length));
    segment.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0).put(body);
    return segment.array();
  }
}
