package io.parley.core.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageScrubberTest {
  @Test
  void aJpegLosesItsExifAndGpsButKeepsItsPicture() {
    byte[] photo = TestImages.jpegWithGps(64, 48);
    assertTrue(TestImages.holds(photo, TestImages.GPS_MARKER));
    byte[] scrubbed = ImageScrubber.scrub(AttachmentType.JPEG, photo);
    assertFalse(TestImages.holds(scrubbed, TestImages.GPS_MARKER));
    assertFalse(TestImages.holds(scrubbed, "Exif"));
    BufferedImage image = ImageScrubber.decode(scrubbed);
    assertEquals(64, image.getWidth());
    assertEquals(48, image.getHeight());
  }

  @Test
  void aWebpLosesItsExifAndXmpChunksAndTheirFlags() {
    byte[] webp = riff(chunk("VP8X", new byte[] {0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0}), chunk("VP8L", new byte[] {1, 2, 3}),
        chunk("EXIF", TestImages.GPS_MARKER.getBytes(StandardCharsets.US_ASCII)), chunk("XMP ", "<x:xmpmeta/>".getBytes()));
    byte[] scrubbed = ImageScrubber.scrub(AttachmentType.WEBP, webp);
    assertFalse(TestImages.holds(scrubbed, TestImages.GPS_MARKER));
    assertFalse(TestImages.holds(scrubbed, "xmpmeta"));
    assertArrayEquals(riff(chunk("VP8X", new byte[10]), chunk("VP8L", new byte[] {1, 2, 3})), scrubbed);
  }

  @Test
  void aGifLosesCommentsAndForeignApplicationBlocksButKeepsItsLoop() {
    byte[] header = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    byte[] screen = {1, 0, 1, 0, 0, 0, 0};
    byte[] loop = concat(new byte[] {0x21, (byte) 0xFF, 11}, "NETSCAPE2.0".getBytes(), new byte[] {3, 1, 0, 0, 0});
    byte[] xmp = concat(new byte[] {0x21, (byte) 0xFF, 11}, "XMP DataXMP".getBytes(), new byte[] {4}, "GPS!".getBytes(),
        new byte[] {0});
    byte[] comment = concat(new byte[] {0x21, (byte) 0xFE, 4}, "GPS?".getBytes(), new byte[] {0});
    byte[] frame = {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0};
    byte[] gif = concat(header, screen, loop, xmp, comment, frame, new byte[] {0x3B});
    assertArrayEquals(concat(header, screen, loop, frame, new byte[] {0x3B}), ImageScrubber.scrub(AttachmentType.GIF, gif));
  }

  @Test
  void aWebpKeepsOnlyTheChunksThatDrawItWhateverTheOthersAreNamed() {
    byte[] gps = TestImages.GPS_MARKER.getBytes(StandardCharsets.US_ASCII);
    byte[] profile = {7, 7, 7, 7};
    byte[] webp = riff(chunk("VP8X", new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0}), chunk("ICCP", profile),
        chunk("exif", gps), chunk("GPS ", gps), chunk("ANIM", new byte[6]), chunk("ANMF", new byte[] {1, 2}),
        chunk("ALPH", new byte[] {3}), chunk("VP8 ", new byte[] {4, 5}), chunk("XMP ", gps), chunk("VP8L", new byte[] {6}));
    byte[] scrubbed = ImageScrubber.scrub(AttachmentType.WEBP, webp);
    assertFalse(TestImages.holds(scrubbed, TestImages.GPS_MARKER));
    // ICC, alpha and animation stay flagged as their chunks stay; EXIF, XMP and the reserved bits are cleared.
    assertArrayEquals(riff(chunk("VP8X", new byte[] {0x32, 0, 0, 0, 0, 0, 0, 0, 0, 0}), chunk("ICCP", profile),
        chunk("ANIM", new byte[6]), chunk("ANMF", new byte[] {1, 2}), chunk("ALPH", new byte[] {3}),
        chunk("VP8 ", new byte[] {4, 5}), chunk("VP8L", new byte[] {6})), scrubbed);
    assertEquals(scrubbed.length - 8, ByteBuffer.wrap(scrubbed, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(),
        "the RIFF size is the file's");
    byte[] noProfile = ImageScrubber.scrub(AttachmentType.WEBP,
        riff(chunk("VP8X", new byte[] {0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0}), chunk("VP8L", new byte[] {6})));
    assertArrayEquals(riff(chunk("VP8X", new byte[10]), chunk("VP8L", new byte[] {6})), noProfile,
        "no ICC flag without its chunk");
  }

  @Test
  void aGifKeepsItsFramesTimingAndLoopOnly() {
    byte[] header = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    byte[] screen = {1, 0, 1, 0, 0, 0, 0};
    byte[] gps = "GPS!".getBytes(StandardCharsets.US_ASCII);
    byte[] loop = concat(new byte[] {0x21, (byte) 0xFF, 11}, "NETSCAPE2.0".getBytes(), new byte[] {3, 1, 0, 0});
    byte[] timing = {0x21, (byte) 0xF9, 4, 4, 10, 0, 0};
    byte[] plainText = concat(new byte[] {0x21, 0x01, 12, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 4}, gps, new byte[] {0});
    byte[] otherLoop = concat(new byte[] {0x21, (byte) 0xFF, 11}, "ANIMEXTS1.0".getBytes(), new byte[] {3, 1, 0, 0, 0});
    byte[] unknown = concat(new byte[] {0x21, 0x42, 4}, gps, new byte[] {0});
    byte[] frame = {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0};
    byte[] gif = concat(header, screen, loop, new byte[] {4}, gps, new byte[] {0}, timing, new byte[] {4}, gps,
        new byte[] {0}, plainText, otherLoop, unknown, frame, new byte[] {0x3B}, gps);
    byte[] scrubbed = ImageScrubber.scrub(AttachmentType.GIF, gif);
    assertFalse(TestImages.holds(scrubbed, "GPS!"));
    assertArrayEquals(concat(header, screen, loop, new byte[] {0}, timing, new byte[] {0}, frame, new byte[] {0x3B}),
        scrubbed, "the loop and the timing in their fixed form, then the frame");
  }

  @Test
  void aBrokenImageIsRefusedNotStored() {
    assertThrows(UnreadableImageException.class, () -> ImageScrubber.scrub(AttachmentType.JPEG, new byte[] {(byte) 0xFF,
        (byte) 0xD8, (byte) 0xFF, 0}));
    assertThrows(UnreadableImageException.class, () -> ImageScrubber.scrub(AttachmentType.GIF, "GIF89a\1\0".getBytes()));
  }

  @Test
  void anImageForTheModelIsBoundedAndReencoded() {
    ImageBounds.Bounded big = new ImageBounds(100).bound(AttachmentType.JPEG, TestImages.jpegWithGps(400, 200));
    assertEquals("image/jpeg", big.mediaType());
    BufferedImage image = ImageScrubber.decode(big.content());
    assertEquals(100, image.getWidth());
    assertEquals(50, image.getHeight());
    ImageBounds.Bounded small = new ImageBounds(100).bound(AttachmentType.PNG, TestImages.png(20, 10));
    assertEquals(20, ImageScrubber.decode(small.content()).getWidth());
  }

  private static byte[] riff(byte[]... chunks) {
    byte[] body = concat(chunks);
    return ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes())
        .putInt(4 + body.length).put("WEBP".getBytes()).put(body).array();
  }

  private static byte[] chunk(String fourCc, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    return chunk.put(fourCc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }
}
