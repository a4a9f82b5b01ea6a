package io.parley.voice.phone.outbound;

import io.parley.voice.phone.MediaDirection;
import io.parley.voice.phone.RtpChannel;
import io.parley.voice.phone.SdpOffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SDP offer of a call the node places: G.711 A-law and RFC 4733 telephone-event, sendrecv,
 * RTCP on the port above. One codec, because a call's {@link RtpChannel} speaks the codec it was
 * opened with, before the far end has answered; a G.711 endpoint takes both laws.
 */
public final class OutboundOffer {
  /** PCMA's static payload type. */
  public static final Optional<Integer> CODEC = Optional.of(8);
  private static final int TELEPHONE_EVENT = 101;

  private OutboundOffer() {}

  /** What the channel is opened for: the far end's address is not known until it answers. */
  static SdpOffer template() {
    Map<Integer, String> payloads = new LinkedHashMap<>();
    payloads.put(CODEC.get(), "pcma");
    payloads.put(TELEPHONE_EVENT, "telephone-event");
    return new SdpOffer("0.0.0.0", 9, payloads, MediaDirection.SENDRECV, false, 9);
  }

  /** The offer's text, for the channel's local port. */
  static String sdp(String advertised, int port) {
    long origin = System.currentTimeMillis();
    return template().answer(advertised, port, CODEC.get(), origin, origin);
  }
}
