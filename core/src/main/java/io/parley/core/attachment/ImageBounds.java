package io.parley.core.attachment;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An image as a model with vision is given it: its longer side at most {@code maxSide} pixels,
 * re-encoded (JPEG, or PNG where it has transparency). WebP, which the JDK cannot decode, goes as
 * stored (its metadata already gone). Models price an image by its size, so each image counts
 * {@link #TOKENS_PER_IMAGE} tokens against the budgets: what OpenAI's models charge for an image of
 * about this bound (85 base tokens and 170 for each of four 512-pixel tiles, rounded up).
 */
public record ImageBounds(int maxSide) {
  public static final int DEFAULT_MAX_SIDE = 1024;
  public static final int TOKENS_PER_IMAGE = 800;

  public ImageBounds {
    if (maxSide < 16) throw new IllegalArgumentException("an image bound below 16 pixels shows nothing, got " + maxSide);
  }

  /** An image ready for a model: its media type and bytes. CPU work. */
  public record Bounded(String mediaType, byte[] content) {}

  /**
   * {@code content} sized for a model; its header is checked against {@link ImageLimits#STANDARD}
   * first, so an image past it is never decoded.
   *
   * @throws ImageTooLargeException when its header declares more than the limits
   * @throws UnreadableImageException when it cannot be decoded
   */
  public Bounded bound(AttachmentType type, byte[] content) {
    ImageLimits.STANDARD.check(type, content);
    if (type == AttachmentType.WEBP) return new Bounded(type.mediaType(), content);
    BufferedImage image = ImageScrubber.decode(content);
    BufferedImage sized = scaled(image);
    if (sized.getColorModel().hasAlpha()) return new Bounded("image/png", ImageScrubber.encode(sized, "png"));
    return new Bounded("image/jpeg", ImageScrubber.encodeJpeg(sized));
  }

  private BufferedImage scaled(BufferedImage image) {
    int longer = Math.max(image.getWidth(), image.getHeight());
    if (longer <= maxSide) return image;
    double scale = (double) maxSide / longer;
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage sized = new BufferedImage(width, height,
        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = sized.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.drawImage(image, 0, 0, width, height, null);
    } finally {
      graphics.dispose();
    }
    return sized;
  }
}
