package io.parley.core.attachment;

/** The bytes look like an image of a supported type but cannot be decoded: refused like an unsupported file. */
public class UnreadableImageException extends RuntimeException {
  public UnreadableImageException(String message) {
    super(message);
  }
}
