package io.parley.voice.phone.transfer;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** The caller's phone line as a transfer holds it: where their audio goes, and what they hear. All 8 kHz PCM16. */
public interface HeldLine {
  /** The caller's 20 ms frames go to {@code next} from now on (not to the bot). */
  void hearing(Consumer<short[]> next);

  /** The caller's frames go to the bot again. */
  void backToBot();

  /** A frame of {@code source} each 20 ms (none: stops). */
  void play(Supplier<short[]> source);

  /** Audio for the caller, sent in 20 ms packets. */
  void send(short[] samples);
}
