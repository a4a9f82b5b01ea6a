package io.parley.core.attachment;

/** The image's header declares more pixels, a longer side or more frames than {@link ImageLimits} allow: refused undecoded. */
public final class ImageTooLargeException extends RuntimeException {
  public ImageTooLargeException(String message) {
    super(message, null, false, false);
  }
}
