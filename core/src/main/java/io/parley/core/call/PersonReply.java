package io.parley.core.call;

import java.util.Optional;

/**
 * What the person called in a warm transfer answers to the brief: key 1 takes the call, key 2
 * declines it; any other key decides nothing, so a stray key does not put the caller through.
 */
public final class PersonReply {
  public static final char ACCEPT_KEY = '1';
  public static final char DECLINE_KEY = '2';

  private PersonReply() {}

  /** A key's decision: {@code true} accepted, {@code false} declined, empty for any other key. */
  public static Optional<Boolean> ofKey(char key) {
    return switch (key) {
      case ACCEPT_KEY -> Optional.of(true);
      case DECLINE_KEY -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /**
   * The outcome of a call to the person that was not accepted, from the final SIP status that
   * ended it (none: the node gave up ringing): 486 and 600 busy, 603 declined, 408 and 480 or no
   * status no answer, any other failed.
   */
  public static WarmTransferOutcome ofUnanswered(Optional<Integer> sipStatus) {
    if (sipStatus.isEmpty()) return WarmTransferOutcome.NO_ANSWER;
    return switch (sipStatus.get()) {
      case 486, 600 -> WarmTransferOutcome.BUSY;
      case 603 -> WarmTransferOutcome.DECLINED;
      case 408, 480, 487 -> WarmTransferOutcome.NO_ANSWER;
      default -> WarmTransferOutcome.FAILED;
    };
  }
}
