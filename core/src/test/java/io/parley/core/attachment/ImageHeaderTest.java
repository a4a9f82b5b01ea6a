package io.parley.core.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.DeclaredImages;
import io.parley.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The header reader: what real encoders write and what an attacker declares, read for each format
 * without decoding, and {@link ImageLimits} refusing from it alone.
 */
class ImageHeaderTest {
  @Test
  void theSidesOfImagesTheJdkWroteAreRead() throws Exception {
    assertEquals(ImageHeader.still(640, 480), ImageHeader.read(AttachmentType.JPEG, TestImages.jpegWithGps(640, 480)),
        "past the EXIF segment to the frame header");
    assertEquals(ImageHeader.still(31, 17), ImageHeader.read(AttachmentType.PNG, TestImages.png(31, 17)));
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(23, 9, BufferedImage.TYPE_BYTE_INDEXED), "gif", gif);
    assertEquals(ImageHeader.still(23, 9), ImageHeader.read(AttachmentType.GIF, gif.toByteArray()));
  }

  @Test
  void whatAHeaderDeclaresIsReadWhateverFollows() {
    byte[] jpeg = DeclaredImages.jpeg(30000, 30000, 333);
    assertEquals(333, jpeg.length);
    assertEquals(ImageHeader.still(30000, 30000), ImageHeader.read(AttachmentType.JPEG, jpeg));
    assertEquals(ImageHeader.still(40000, 40000), ImageHeader.read(AttachmentType.GIF, DeclaredImages.gif(40000, 40000)));
    assertEquals(ImageHeader.still(12000, 12000), ImageHeader.read(AttachmentType.PNG, DeclaredImages.png(12000, 12000)));
    assertEquals(ImageHeader.still(16383, 9000), ImageHeader.read(AttachmentType.WEBP,
        DeclaredImages.webpLossy(16383, 9000)));
    assertEquals(ImageHeader.still(16384, 3), ImageHeader.read(AttachmentType.WEBP,
        DeclaredImages.webpLossless(16384, 3)));
    assertEquals(new ImageHeader(5000, 4000, 7, 20_000_000L), ImageHeader.read(AttachmentType.WEBP,
        DeclaredImages.webpAnimated(5000, 4000, 7)));
  }

  @Test
  void everyFrameOfAGifIsCountedAndTheLargestOneWeighed() {
    ImageHeader header = ImageHeader.read(AttachmentType.GIF, DeclaredImages.gif(100, 100, 301));
    assertEquals(301, header.frames());
    assertEquals(10_000, header.largestFramePixels());
  }

  @Test
  void aHeaderCutShortOrMissingIsUnreadable() {
    byte[] jpeg = DeclaredImages.jpeg(300, 300, 333);
    assertThrows(UnreadableImageException.class, () -> ImageHeader.read(AttachmentType.JPEG, Arrays.copyOf(jpeg, 40)));
    byte[] png = TestImages.png(4, 4);
    assertThrows(UnreadableImageException.class, () -> ImageHeader.read(AttachmentType.PNG, Arrays.copyOf(png, 18)));
    assertThrows(UnreadableImageException.class,
        () -> ImageHeader.read(AttachmentType.GIF, Arrays.copyOf(DeclaredImages.gif(4, 4), 20)));
    assertThrows(UnreadableImageException.class,
        () -> ImageHeader.read(AttachmentType.WEBP, Arrays.copyOf(DeclaredImages.webpLossy(4, 4), 24)));
    assertThrows(UnreadableImageException.class, () -> ImageHeader.read(AttachmentType.JPEG,
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2}), "a scan before any frame header");
  }

  @Test
  void theLimitsRefuseASideThePixelsOrTheFramesFromTheHeaderAlone() {
    ImageLimits limits = ImageLimits.STANDARD;
    ImageTooLargeException bomb = assertThrows(ImageTooLargeException.class,
        () -> limits.check(AttachmentType.JPEG, DeclaredImages.jpeg(30000, 30000, 333)));
    assertTrue(bomb.getMessage().contains("30000 x 30000 pixels"), bomb.getMessage());
    assertThrows(ImageTooLargeException.class, () -> limits.check(AttachmentType.PNG, DeclaredImages.png(6000, 6000)),
        "36 megapixels, each side within the bound");
    assertThrows(ImageTooLargeException.class, () -> limits.check(AttachmentType.PNG, TestImages.png(8193, 1)));
    assertThrows(ImageTooLargeException.class, () -> limits.check(AttachmentType.GIF, DeclaredImages.gif(10, 10, 301)));
    assertThrows(ImageTooLargeException.class,
        () -> limits.check(AttachmentType.WEBP, DeclaredImages.webpAnimated(8000, 4000, 2)), "32 megapixels a frame");
    assertThrows(ImageTooLargeException.class, () -> limits.check(AttachmentType.WEBP,
        DeclaredImages.webpLossless(16384, 3)));
  }

  @Test
  void aFrameLargerThanItsCanvasIsWeighedByItself() {
    byte[] gif = DeclaredImages.gif(10, 10);
    // The frame's own width and height (its descriptor after the 13-byte screen) say 6000 x 6000.
    java.nio.ByteBuffer.wrap(gif, 13 + 5, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 6000)
        .putShort((short) 6000);
    assertEquals(36_000_000L, ImageHeader.read(AttachmentType.GIF, gif).largestFramePixels());
    assertThrows(ImageTooLargeException.class, () -> ImageLimits.STANDARD.check(AttachmentType.GIF, gif));
  }

  @Test
  void anImageForAModelIsCheckedBeforeItIsDecoded() {
    ImageBounds forModel = new ImageBounds(ImageBounds.DEFAULT_MAX_SIDE);
    assertThrows(ImageTooLargeException.class, () -> forModel.bound(AttachmentType.GIF, DeclaredImages.gif(40000, 40000)));
    assertThrows(ImageTooLargeException.class,
        () -> forModel.bound(AttachmentType.WEBP, DeclaredImages.webpLossy(16000, 16000)), "even one sent as stored");
    assertEquals("image/jpeg", forModel.bound(AttachmentType.JPEG, TestImages.jpegWithGps(64, 48)).mediaType());
  }

  @Test
  void imagesWithinTheLimitsAndOtherFilesPass() {
    ImageLimits.STANDARD.check(AttachmentType.JPEG, TestImages.jpegWithGps(640, 480));
    ImageLimits.STANDARD.check(AttachmentType.PNG, DeclaredImages.png(5712, 4200));
    ImageLimits.STANDARD.check(AttachmentType.GIF, DeclaredImages.gif(480, 270, 300));
    ImageLimits.STANDARD.check(AttachmentType.TEXT, "plain words".getBytes());
  }
}
