package io.parley.voice.phone;

import java.util.Optional;

/**
 * A call's SDP as the node answers it through the dialog (RFC 3264): the first answer, then one for
 * each new offer of a re-INVITE or UPDATE, on the same port and codec. An answer that changes
 * nothing keeps the origin's version; one that does (a hold, a resume, a new address) gets the
 * next (§8). Each offer's direction and address go to the call's {@link RtpChannel}.
 */
final class DialogMedia {
  private final RtpChannel rtp;
  private final int codec;
  private final String address;
  private final long origin;
  private long version;
  private String lastAnswer;

  DialogMedia(RtpChannel rtp, int codec, String address, SdpOffer offer) {
    this.rtp = rtp;
    this.codec = codec;
    this.address = address;
    this.origin = System.currentTimeMillis();
    this.version = origin;
    this.lastAnswer = offer.answer(address, rtp.localPort(), codec, origin, version);
  }

  /** The answer to the INVITE that began the call. */
  synchronized String firstAnswer() {
    return lastAnswer;
  }

  /**
   * The answer to a new offer in the call; empty when it drops the call's codec or its audio
   * (488, and the call goes on as it was).
   */
  synchronized Optional<String> answer(SdpOffer offer) {
    if (offer.port() == 0 || !offer.payloads().containsKey(codec)) return Optional.empty();
    String answer = offer.answer(address, rtp.localPort(), codec, origin, version);
    if (!answer.equals(lastAnswer)) {
      version++;
      answer = offer.answer(address, rtp.localPort(), codec, origin, version);
    }
    lastAnswer = answer;
    rtp.update(offer);
    return Optional.of(answer);
  }

  /** The node's current description, offered again when a re-INVITE brings no offer (RFC 3261 §14.2). */
  synchronized String current() {
    return lastAnswer;
  }

  /** Which way the caller's last description has the audio flow. */
  MediaDirection direction() {
    return rtp.callerDirection();
  }

  /** The caller pressed {@code key}, which came by {@code method} (a SIP INFO): as a key in the RTP. */
  void pressed(char key, String method) {
    rtp.pressed(key, method);
  }

  /** Whether the bot's keys can go as telephone-events: the caller's latest description names their type. */
  boolean takesKeyEvents() {
    return rtp.takesKeyEvents();
  }

  /** The bot presses {@code keys} in the RTP: as telephone-events when the caller takes them, else as tones. */
  void press(String keys) {
    rtp.press(keys);
  }

  /** The caller's answer (in the ACK) to the node's offer: its direction and address apply. */
  void answered(SdpOffer answer) {
    rtp.update(answer);
  }
}
