package io.parley.voice.phone.transfer;

import io.parley.core.call.WarmTransferOutcome;
import java.util.Optional;

/** Told how a warm transfer went for the caller. */
public interface ConsultListener {
  /** Accepted (the caller is with the person), or why not; once. */
  void decided(WarmTransferOutcome outcome, Optional<Integer> sipStatus);

  /** After accepting, the person hung up: the call is over. */
  void personLeft();
}
