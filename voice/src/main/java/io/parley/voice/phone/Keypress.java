package io.parley.voice.phone;

/**
 * A key the caller pressed (0-9, *, #, A-D) and how it reached the node: {@code rfc4733} (an RTP
 * telephone-event), {@code sip_info} (a SIP INFO in the call) or {@code inband} (tones in the audio).
 */
record Keypress(char key, String method) {
  static final String RFC4733 = "rfc4733";
  static final String SIP_INFO = "sip_info";
  static final String INBAND = "inband";
}
