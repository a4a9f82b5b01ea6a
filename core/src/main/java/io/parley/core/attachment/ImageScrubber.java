package io.parley.core.attachment;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Takes out of an image what it says about where and how it was taken (EXIF with its GPS
 * position, XMP, comments) before it is stored. JPEG and PNG are decoded and encoded again by the
 * JDK's ImageIO, which writes pixels and nothing else; WebP (which the JDK cannot decode) keeps its
 * image chunks and loses its EXIF and XMP ones; GIF keeps its frames and animation loop and loses
 * its comments and other applications' blocks (XMP among them). CPU work: run it on
 * {@link io.parley.core.compute.CpuWork}.
 */
public final class ImageScrubber {
  private static final float JPEG_QUALITY = 0.92f;

  private ImageScrubber() {}

  /**
   * {@code content} of {@code type} without its metadata; other types are returned as they are.
   *
   * @throws UnreadableImageException when the image cannot be decoded
   */
  public static byte[] scrub(AttachmentType type, byte[] content) {
    return switch (type) {
      case JPEG -> encodeJpeg(decode(content));
      case PNG -> encode(decode(content), "png");
      case WEBP -> WebpChunks.withoutMetadata(content);
      case GIF -> GifBlocks.withoutMetadata(content);
      case PDF, TEXT -> content;
    };
  }

  static BufferedImage decode(byte[] content) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(content));
      if (image == null) throw new UnreadableImageException("the image cannot be read");
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnreadableImageException unreadable) throw unreadable;
      throw new UnreadableImageException("the image cannot be read: " + e.getMessage());
    }
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("the JDK writes " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** As a JPEG of {@link #JPEG_QUALITY}: JPEG has no alpha, so the image is drawn on an opaque one first. */
  static byte[] encodeJpeg(BufferedImage image) {
    BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = opaque.createGraphics();
    try {
      graphics.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
    } finally {
      graphics.dispose();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.write(null, new IIOImage(opaque, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
