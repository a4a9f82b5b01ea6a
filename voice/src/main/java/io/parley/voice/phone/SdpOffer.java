package io.parley.voice.phone;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The audio part of a caller's SDP offer (RFC 4566, RFC 3264): where the caller's RTP comes from
 * and goes to, and the payload types it offers, in its order of preference. Only what a G.711
 * phone call needs; anything else in the offer is ignored.
 *
 * @param address the connection address (c=) of the audio stream: an IPv4 address, never a name (an
 *     offer naming a host is no usable offer, so that no caller makes the node look a name up)
 * @param port the audio port (m=audio); 0 means the caller refused audio
 * @param payloads the payload types offered, by number, with their encoding names in lower case
 * @param direction which way the caller wants audio to flow ({@code a=sendonly} for a hold), sendrecv by default
 * @param rtcpMux the caller multiplexes RTCP onto the RTP port (RFC 5761, {@code a=rtcp-mux})
 * @param rtcpPort where the caller takes RTCP without multiplexing: {@code a=rtcp:} (RFC 3605), else the RTP port + 1
 */
public record SdpOffer(String address, int port, Map<Integer, String> payloads, MediaDirection direction,
    boolean rtcpMux, int rtcpPort) {
  /** Static payload types (RFC 3551) an offer may list without an rtpmap. */
  private static final Map<Integer, String> STATIC = Map.of(0, "pcmu", 8, "pcma", 13, "cn");
  /** Largest offer read: real ones are a few hundred bytes. */
  public static final int MAX_LENGTH = 8192;

  /** Parses an offer; empty when it has no usable audio stream (no m=audio, no address, garbage). */
  public static Optional<SdpOffer> parse(String sdp) {
    if (sdp == null || sdp.length() > MAX_LENGTH) return Optional.empty();
    String sessionAddress = null;
    String audioAddress = null;
    int port = -1;
    List<Integer> order = new ArrayList<>();
    Map<Integer, String> names = new LinkedHashMap<>();
    boolean inAudio = false;
    MediaDirection sessionDirection = MediaDirection.SENDRECV;
    MediaDirection audioDirection = null;
    boolean rtcpMux = false;
    int rtcpPort = -1;
    for (String raw : sdp.split("\r?\n")) {
      String line = raw.strip();
      if (line.startsWith("m=")) {
        inAudio = line.startsWith("m=audio ") && port < 0;
        if (!inAudio) continue;
        String[] parts = line.substring(2).split("\\s+");
        if (parts.length < 4 || !parts[2].startsWith("RTP/AVP")) {
          inAudio = false;
          continue;
        }
        try {
          port = Integer.parseInt(parts[1].split("/")[0]);
          for (int i = 3; i < parts.length; i++) order.add(Integer.parseInt(parts[i]));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      } else if (line.startsWith("c=IN IP4 ")) {
        String address = line.substring("c=IN IP4 ".length()).split("/")[0].strip();
        if (inAudio) audioAddress = address; else if (port < 0) sessionAddress = address;
      } else if (line.startsWith("a=") && MediaDirection.ofAttribute(line.substring(2)).isPresent()) {
        MediaDirection direction = MediaDirection.ofAttribute(line.substring(2)).get();
        if (inAudio) audioDirection = direction; else if (port < 0) sessionDirection = direction;
      } else if (inAudio && line.equals("a=rtcp-mux")) {
        rtcpMux = true;
      } else if (inAudio && line.startsWith("a=rtcp:")) {
        try {
          rtcpPort = Integer.parseInt(line.substring("a=rtcp:".length()).split("\\s+")[0]);
        } catch (NumberFormatException ignored) {
          // a malformed rtcp attribute leaves the default port
        }
      } else if (inAudio && line.startsWith("a=rtpmap:")) {
        String[] parts = line.substring("a=rtpmap:".length()).split("\\s+", 2);
        if (parts.length == 2) {
          try {
            names.put(Integer.parseInt(parts[0]), parts[1].split("/")[0].toLowerCase(Locale.ROOT));
          } catch (NumberFormatException ignored) {
            // a malformed rtpmap names nothing
          }
        }
      }
    }
    String address = audioAddress != null ? audioAddress : sessionAddress;
    if (port < 0 || port > 65535 || !ipv4Literal(address)) return Optional.empty();
    Map<Integer, String> payloads = new LinkedHashMap<>();
    for (int type : order) {
      String name = names.getOrDefault(type, STATIC.get(type));
      if (name != null) payloads.put(type, name);
    }
    boolean validRtcpPort = rtcpPort > 0 && rtcpPort <= 65535;
    return Optional.of(new SdpOffer(address, port, payloads, audioDirection != null ? audioDirection : sessionDirection,
        rtcpMux, validRtcpPort ? rtcpPort : Math.min(port + 1, 65535)));
  }

  /**
   * RFC 4566 lets c= name a host; phones and trunks give addresses. Resolving a caller's name would
   * hold the SIP thread on DNS and send the bot's audio wherever the name points.
   */
  private static boolean ipv4Literal(String address) {
    if (address == null) return false;
    try {
      Inet4Address.ofLiteral(address);
      return true;
    } catch (IllegalArgumentException notAnAddress) {
      return false;
    }
  }

  /** The G.711 codec to answer with: the caller's first choice of PCMU and PCMA; empty when it offers neither. */
  public Optional<Integer> g711() {
    return payloads.entrySet().stream()
        .filter(p -> p.getValue().equals("pcmu") || p.getValue().equals("pcma"))
        .map(Map.Entry::getKey).findFirst();
  }

  /** The caller's payload type for RFC 4733 DTMF ({@code telephone-event}), if it offers one. */
  public Optional<Integer> telephoneEvent() {
    return payloads.entrySet().stream().filter(p -> p.getValue().equals("telephone-event"))
        .map(Map.Entry::getKey).findFirst();
  }

  /** The caller's payload type for RFC 3389 comfort noise ({@code CN}), if it offers one. */
  public Optional<Integer> comfortNoise() {
    return payloads.entrySet().stream().filter(p -> p.getValue().equals("cn")).map(Map.Entry::getKey).findFirst();
  }

  /**
   * The answer: audio from {@code address}:{@code port} with {@code codec} (and the caller's
   * telephone-event and comfort-noise types, when offered), 20 ms packets, the offer's direction
   * mirrored, and RTCP multiplexed when the offer asks for it. {@code version} is the origin's
   * session version: the same for an answer that changes nothing, one more for one that does (RFC 3264 §8).
   */
  public String answer(String address, int port, int codec, long sessionId, long version) {
    StringBuilder sdp = new StringBuilder()
        .append("v=0\r\n")
        .append("o=parley ").append(sessionId).append(' ').append(version).append(" IN IP4 ").append(address).append("\r\n")
        .append("s=Parley\r\n")
        .append("c=IN IP4 ").append(address).append("\r\n")
        .append("t=0 0\r\n")
        .append("m=audio ").append(port).append(" RTP/AVP ").append(codec);
    telephoneEvent().ifPresent(event -> sdp.append(' ').append(event));
    comfortNoise().ifPresent(cn -> sdp.append(' ').append(cn));
    sdp.append("\r\n")
        .append("a=rtpmap:").append(codec).append(codec == 0 ? " PCMU/8000" : " PCMA/8000").append("\r\n");
    telephoneEvent().ifPresent(event -> sdp.append("a=rtpmap:").append(event).append(" telephone-event/8000\r\n")
        .append("a=fmtp:").append(event).append(" 0-16\r\n"));
    comfortNoise().ifPresent(cn -> sdp.append("a=rtpmap:").append(cn).append(" CN/8000\r\n"));
    if (rtcpMux) sdp.append("a=rtcp-mux\r\n");
    return sdp.append("a=ptime:20\r\n").append("a=").append(direction.mirrored().attribute()).append("\r\n").toString();
  }
}
