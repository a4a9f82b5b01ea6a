package io.parley.core.call;

import io.parley.core.WireName;
import io.parley.core.session.Channel;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a phone call ended, or why it was never answered: the {@code cause} label of the call
 * metrics and the {@code callEnd} of a phone session's view and archive document.
 *
 * <p>A call that was answered closes its session with the cause's {@link #closeReason()}; a
 * session that closed on its own (an agent or the REST API closed it, it went idle) ended its
 * call as {@link #BOT_ENDED}, so {@link #ofCloseReason} reads how the call ended from the close
 * reason alone. Refusals ({@link #FORBIDDEN} … {@link #NOT_ACCEPTABLE}) never had a session.
 */
public enum CallEnd implements WireName.InJson {
  /** The caller sent BYE. */
  CALLER_HUNG_UP("caller hung up"),
  /** The session ended first (the bot or an agent closed it, or it went idle) and the bridge sent BYE. */
  BOT_ENDED(null),
  /** No audio from the caller for the media timeout: they are gone without a BYE. */
  CALLER_VANISHED("caller vanished"),
  /** The caller gave up (CANCEL) while it rang: the session that was starting for the call closes. */
  CANCELLED("caller cancelled"),
  /** Transferred to a person by REFER. */
  TRANSFERRED("call transferred"),
  /** The node shut down gracefully and said goodbye. */
  SHUTDOWN("node shut down"),
  /** The operator disabled the call's tenant: the node sent BYE at once. */
  TENANT_DISABLED("tenant disabled"),
  /**
   * The node holding the call crashed (its RTP could not move): the session, resumed elsewhere,
   * went idle with no call following it.
   */
  DROPPED("call dropped"),
  /**
   * The session or the speech engines could not start, or the call's voice failed during it; as a
   * refusal, a call the node failed to set up (500, never answered).
   */
  FAILED("voice unavailable"),
  /** A call the node placed reached an answering machine: the bot hung up, after its message if it left one. */
  ANSWERING_MACHINE("answering machine"),
  /** The tenant's budget in money was spent: the caller heard a notice and the node hung up (docs/operations.md#budgets). */
  OVER_BUDGET("budget spent"),
  /** 403: the source is not allowed to call in. */
  FORBIDDEN(null),
  /** 404: the dialled number belongs to no tenant. */
  NOT_FOUND(null),
  /** 503: the node is at its call limit. */
  BUSY(null),
  /** 488: the offer has no codec the bridge speaks. */
  NOT_ACCEPTABLE(null);

  private final String closeReason;

  CallEnd(String closeReason) {
    this.closeReason = closeReason;
  }

  /** The reason the call closes its session with; only the causes the call itself closes the session for have one. */
  public String closeReason() {
    if (closeReason == null) throw new IllegalStateException(this + " does not close a session");
    return closeReason;
  }

  /** How the call of a session ended: only a closed session of channel {@code phone} has a call end. */
  public static Optional<CallEnd> ofSession(Channel channel, Optional<String> closeReason) {
    return channel == Channel.PHONE ? closeReason.map(CallEnd::ofCloseReason) : Optional.empty();
  }

  /** How the call of a phone session that closed with {@code reason} ended. */
  public static CallEnd ofCloseReason(String reason) {
    return Arrays.stream(values()).filter(end -> reason.equals(end.closeReason)).findFirst().orElse(BOT_ENDED);
  }
}
