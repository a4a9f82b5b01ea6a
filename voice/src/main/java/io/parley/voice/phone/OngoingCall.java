package io.parley.voice.phone;

import io.parley.core.CborSerializable;
import io.parley.voice.media.CallerReport;
import io.parley.voice.media.RtpStats;
import java.time.Instant;

/**
 * A call in progress on a node, as {@code GET /v1/calls} and the management API show it. The
 * caller is their session's user id, their number keyed for the tenant, never the number.
 *
 * @param callId the SIP Call-ID, as the node's logs name the call
 * @param codec {@code PCMU} or {@code PCMA}
 * @param state {@value #ANSWERING} until the session and the speech engines are ready, then {@value #CONNECTED}
 * @param media how the caller's audio has arrived so far (loss, lateness, jitter)
 * @param callerReport how the bot's audio reaches the caller, as the caller's RTCP reports say (round trip, loss, jitter)
 */
public record OngoingCall(String callId, String sessionId, String tenant, String callerUserId, String codec,
    Instant startedAt, String state, RtpStats media, CallerReport callerReport) implements CborSerializable {
  public static final String ANSWERING = "answering";
  public static final String CONNECTED = "connected";

  OngoingCall connected() {
    return new OngoingCall(callId, sessionId, tenant, callerUserId, codec, startedAt, CONNECTED, media, callerReport);
  }

  OngoingCall withMedia(RtpStats now, CallerReport reportedNow) {
    return new OngoingCall(callId, sessionId, tenant, callerUserId, codec, startedAt, state, now, reportedNow);
  }
}
