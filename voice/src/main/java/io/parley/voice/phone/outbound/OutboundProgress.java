package io.parley.voice.phone.outbound;

import io.parley.core.session.SessionId;
import java.util.Optional;

/**
 * What happens to a call the node places, in order: ringing (maybe), then answered, a voicemail or
 * ended, once. A call screened for answering machines is answered or a voicemail once its verdict is in.
 */
public sealed interface OutboundProgress {
  /** The far end rings (180 or 183, early media taken as it comes). */
  record Ringing() implements OutboundProgress {}

  /** The far end answered, the outcome {@code answered}: the call is a session {@code session} like an inbound one. */
  record Answered(SessionId session) implements OutboundProgress {}

  /**
   * An answering machine answered, the outcome {@code voicemail}: the call's session {@code session}
   * holds the message left, if one was.
   */
  record Voicemail(SessionId session) implements OutboundProgress {}

  /**
   * The call was not answered: its outcome and the final SIP status that decided it (none for a
   * cancel or a ring timeout the node decided itself).
   */
  record Ended(OutboundOutcome outcome, Optional<Integer> sipStatus) implements OutboundProgress {}
}
