package io.parley.core.erasure;

/** Sealed bytes that do not open: tampered with, or sealed under another key or for another owner. */
public final class SealBrokenException extends RuntimeException {
  public SealBrokenException(String message) {
    super(message);
  }
}
