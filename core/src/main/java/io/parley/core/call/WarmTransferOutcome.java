package io.parley.core.call;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a warm transfer ended: the person {@code accepted} and the caller is bridged to them, or
 * the caller stays with the bot because the person {@code declined}, did not pick up or decide in
 * time ({@code no_answer}), was {@code busy}, or the call to them {@code failed} (with its SIP status,
 * when one decided it).
 */
public enum WarmTransferOutcome {
  ACCEPTED, DECLINED, NO_ANSWER, BUSY, FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WarmTransferOutcome> ofWireName(String name) {
    return Arrays.stream(values()).filter(outcome -> outcome.wireName().equals(name)).findFirst();
  }

  /** Whether the caller is with the person now. */
  public boolean bridged() {
    return this == ACCEPTED;
  }
}
