package io.parley.voice.phone;

import io.parley.core.session.PageContext;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.VoiceCalls;
import io.parley.voice.phone.machine.Screening;
import io.parley.voice.recording.CallRecordings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * What a {@link PhoneCall} is made of: its SIP dialog's parts, its session and voice, and what the
 * node does at its ends.
 *
 * @param answer sends the 200 OK once the call is ready; false when the caller cancelled first
 * @param hangUp sends the caller a BYE (the bot ends the call), or refuses the call not yet answered
 * @param callerUserId the session's user: the caller's number keyed for the tenant ({@code PhoneUsers})
 * @param session the call's session (the sharded entity's ref)
 * @param handover how the call is transferred, or ended by a shutdown ({@link CallHandover})
 * @param registry told when the call connects and how it ended
 * @param draft the session is a test session on the tenant's draft (a number only the draft lists)
 * @param timer the session timer the INVITE negotiated, running from the answer
 * @param refresh sends the caller a session refresh for the timer, when the node is its refresher
 * @param version the tenant's published configuration version the session runs on (none: the current one)
 * @param context what the tenant tells the session about a call it placed (none for an inbound call)
 * @param recordings where the call's recording goes, and its caller's consent (docs/voice.md#recording)
 * @param screening how a call the node placed is screened for an answering machine (none: it is not)
 * @param placedCall the call is one the bot placed, not an inbound one
 * @param pressKeys sends the bot's keys to the far end ({@link CallDialogs#press}: RFC 4733, SIP INFO or tones)
 */
public record CallSetup(String sipCallId, SessionId id, String callerUserId, RtpChannel rtp,
    RecipientRef<SessionCommand> session,
    VoiceCalls voice, Duration askTimeout, String greeting, Duration mediaTimeout, BooleanSupplier answer,
    Runnable hangUp, CallHandover.Means handover, CallRegistry registry, boolean draft, SessionTimer timer,
    Consumer<SessionTimer.Running> refresh, Optional<Integer> version, PageContext context,
    CallRecordings recordings, Optional<Screening> screening, boolean placedCall, Consumer<String> pressKeys) {
  /** An inbound call's: the current configuration, no context, no recording, no screening, keys in its RTP only. */
public CallSetup(String sipCallId, SessionId id, String callerUserId, RtpChannel rtp, RecipientRef<SessionCommand> session,
      VoiceCalls voice, Duration askTimeout, String greeting, Duration mediaTimeout, BooleanSupplier answer,
      Runnable hangUp, CallHandover.Means handover, CallRegistry registry, boolean draft, SessionTimer timer,
      Consumer<SessionTimer.Running> refresh) {
    this(sipCallId, id, callerUserId, rtp, session, voice, askTimeout, greeting, mediaTimeout, answer, hangUp, handover,
        registry, draft, timer, refresh, Optional.empty(), new PageContext(Map.of()), CallRecordings.none(),
        Optional.empty(), false, rtp::press);
  }
}
