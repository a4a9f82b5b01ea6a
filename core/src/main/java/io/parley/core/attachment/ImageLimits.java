package io.parley.core.attachment;

/**
 * How large an image the node decodes, checked from its {@link ImageHeader} before a pixel is
 * decoded: at most {@code maxSide} pixels a side, {@code maxPixels} in its canvas and in any frame,
 * and {@code maxFrames} frames. A decoder allocates what the header declares (a 333-byte JPEG can
 * declare 30000 x 30000, 2.7 GB once decoded), so an image past these is refused, never stored,
 * decoded or shown to a model. {@link #STANDARD} is the one bound attachments, images for the model
 * and agents' pictures share.
 */
public record ImageLimits(int maxSide, long maxPixels, int maxFrames) {
  /**
   * A 24-megapixel photo (a phone's 5712 x 4284; about 100 MB decoded, the most one decoding holds),
   * a panorama's 8192-pixel side, and 300 frames (ten seconds of an animation at 30 a second).
   */
  public static final ImageLimits STANDARD = new ImageLimits(8192, 24_000_000, 300);

  public ImageLimits {
    if (maxSide < 1 || maxPixels < 1 || maxFrames < 1) {
      throw new IllegalArgumentException("image limits must be positive, got " + maxSide + ", " + maxPixels + ", "
          + maxFrames);
    }
  }

  /**
   * Passes {@code content} whose header is within the limits; other types than images are not looked at.
   *
   * @throws ImageTooLargeException when the header declares more than the limits
   * @throws UnreadableImageException when it has no readable header
   */
  public void check(AttachmentType type, byte[] content) {
    if (!type.isImage()) return;
    ImageHeader header = ImageHeader.read(type, content);
    String size = header.width() + " x " + header.height() + " pixels";
    if (header.width() > maxSide || header.height() > maxSide) {
      throw new ImageTooLargeException("the image is " + size + "; at most " + maxSide + " a side are accepted");
    }
    if (header.pixels() > maxPixels || header.largestFramePixels() > maxPixels) {
      throw new ImageTooLargeException("the image is " + size + " (" + Math.max(header.pixels(),
          header.largestFramePixels()) + " in its largest frame); at most " + maxPixels + " in all are accepted");
    }
    if (header.frames() > maxFrames) {
      throw new ImageTooLargeException("the image has " + header.frames() + " frames; at most " + maxFrames
          + " are accepted");
    }
  }
}
