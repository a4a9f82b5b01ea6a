package io.parley.voice.media;

/**
 * How a call's incoming audio has fared so far.
 *
 * @param received packets received (duplicates not counted)
 * @param lost packets expected from the sequence numbers and never received
 * @param late packets that came after their place in the play-out, dropped (each once, however often copied)
 * @param duplicates further copies of packets that came already, on time or late, dropped
 * @param concealed frames the jitter buffer made up for lost packets
 * @param jitterMillis interarrival jitter (RFC 3550 §6.4.1), in milliseconds
 */
public record RtpStats(long received, long lost, long late, long duplicates, long concealed, double jitterMillis) {
  public static final RtpStats NONE = new RtpStats(0, 0, 0, 0, 0, 0);
}
