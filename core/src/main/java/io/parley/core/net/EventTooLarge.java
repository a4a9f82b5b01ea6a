package io.parley.core.net;

/** An event of an event stream grew past what its reader holds of one; the stream is to be cut off. */
public final class EventTooLarge extends RuntimeException {
  EventTooLarge(int maxEventChars) {
    super("an event over " + maxEventChars + " characters in the event stream");
  }
}
