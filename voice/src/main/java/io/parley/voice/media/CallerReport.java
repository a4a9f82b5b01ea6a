package io.parley.voice.media;

/**
 * The call's audio as the caller's phone sees it, from its RTCP reports on the node's stream.
 *
 * @param reports RTCP reports received from the caller
 * @param roundTripMillis the last round trip measured from a report (RFC 3550 §6.4.1); 0 until one is
 * @param fractionLost the share of the node's packets the caller lost between its last two reports (0 to 1)
 * @param lost the node's packets the caller lost in all
 * @param jitterMillis the interarrival jitter of the node's packets at the caller
 */
public record CallerReport(long reports, double roundTripMillis, double fractionLost, long lost, double jitterMillis) {
  public static final CallerReport NONE = new CallerReport(0, 0, 0, 0, 0);
}
