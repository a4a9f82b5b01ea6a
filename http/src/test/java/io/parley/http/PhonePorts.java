package io.parley.http;

import java.util.HashMap;
import java.util.Map;

/**
 * The loopback ports a test's node answers phone calls on: SIP on {@code sip}, RTP on the {@code rtpCount}
 * ports from {@code rtpMin}, all from {@link LoopbackPorts}.
 */
record PhonePorts(int sip, int rtpMin, int rtpCount) {
  /** A SIP port and, after it, a range of {@code rtpCount} RTP ports. */
  static PhonePorts take(int rtpCount) {
    int sip = LoopbackPorts.port();
    return new PhonePorts(sip, LoopbackPorts.range(rtpCount), rtpCount);
  }

  /** The last RTP port: the node's range ends exactly where the reserved ports do. */
  int rtpMax() {
    return rtpMin + rtpCount - 1;
  }

  /** The settings that turn telephony on, on these ports, with {@code others} (which win on a clash). */
  Map<String, Object> settingsWith(Map<String, Object> others) {
    Map<String, Object> settings = new HashMap<>(Map.of("parley.sip.enabled", true, "parley.sip.port", sip,
        "parley.sip.rtp-port-min", rtpMin, "parley.sip.rtp-port-max", rtpMax()));
    settings.putAll(others);
    return settings;
  }
}
