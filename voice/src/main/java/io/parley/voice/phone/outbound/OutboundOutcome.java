package io.parley.voice.phone.outbound;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a call the node placed ended up, as the API, the webhook and the metrics name it. The far
 * end's final answer to the INVITE decides: 2xx {@code answered}; 486 and 600 {@code busy}; 408,
 * 480 and the node's own ring timeout {@code no_answer}; 603 {@code declined}; the API's cancel
 * before the answer {@code cancelled}; any other {@code failed}, with its status. {@code voicemail}:
 * answered by an answering machine, when the tenant has the node listen for one.
 */
public enum OutboundOutcome {
  ANSWERED, BUSY, NO_ANSWER, DECLINED, FAILED, CANCELLED, VOICEMAIL;

  private static final int BUSY_EVERYWHERE = 600;
  private static final int DECLINE = 603;

  /** The outcome of a final response {@code status} that is no answer and no challenge. */
  static OutboundOutcome ofStatus(int status) {
    return switch (status) {
      case 486, BUSY_EVERYWHERE -> BUSY;
      case 408, 480 -> NO_ANSWER;
      case DECLINE -> DECLINED;
      default -> status / 100 == 2 ? ANSWERED : FAILED;
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OutboundOutcome> ofWireName(String name) {
    return Arrays.stream(values()).filter(outcome -> outcome.wireName().equals(name)).findFirst();
  }
}
