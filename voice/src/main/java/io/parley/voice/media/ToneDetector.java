package io.parley.voice.media;

import java.util.Optional;

/**
 * Keys pressed in the caller's audio itself (in-band DTMF, ITU-T Q.23/Q.24), for calls whose
 * phone sends no RFC 4733 events: the last {@value #BLOCK} samples at 8 kHz (25.6 ms; the bins
 * 39 Hz apart tell the rows' tones apart) are measured at the eight DTMF frequencies with the
 * Goertzel algorithm ({@link Goertzel}) every {@value #HOP} samples, the blocks overlapping by half, so that a press
 * of 40 ms fills two blocks. A block holds a key when its strongest row and column tones are loud enough,
 * carry most of the block's energy (speech and music spread theirs), stand well above the other
 * tones of their group, and are within the twist a telephone line allows (the column up to 4 dB
 * above the row, or 8 dB below it). A key counts once it held for two blocks in a row (38 ms of
 * tone; Q.24's shortest press is 40 ms) and again only after four blocks without it (a gap of 10 ms
 * within a press, which Q.24 has a receiver bridge, spoils fewer). Pure and not thread-safe: one
 * call's stream feeds it, frame by frame.
 */
public final class ToneDetector {
  static final int BLOCK = 205;
  static final int HOP = 102;
  static final double[] ROWS = {697, 770, 852, 941};
  static final double[] COLUMNS = {1209, 1336, 1477, 1633};
  static final String[] KEYS = {"123A", "456B", "789C", "*0#D"};
  /** Each tone's least amplitude (about -36 dBFS): quieter is line noise or far-off speech. */
  private static final double MIN_AMPLITUDE = 500;
  /** The share of the block's energy the two tones must carry. */
  private static final double MIN_TONE_SHARE = 0.8;
  /** How far (power ratio, 8 dB) the strongest tone of a group stands above the next of the same group. */
  private static final double MIN_GROUP_MARGIN = 6.3;
  /** The column's power at most 4 dB above the row's (reverse twist), at most 8 dB below it (normal twist). */
  private static final double MAX_REVERSE_TWIST = 2.5;
  private static final double MAX_NORMAL_TWIST = 6.3;
  private static final int HOLD_BLOCKS = 2;
  private static final int RELEASE_BLOCKS = 4;

  private final double[] rowCoefficients = coefficients(ROWS);
  private final double[] columnCoefficients = coefficients(COLUMNS);
  private final short[] recent = new short[BLOCK];
  private final short[] block = new short[BLOCK];
  private int next;
  private long heard;
  private char candidate;
  private int held;
  private char down;
  private int released = RELEASE_BLOCKS;

  private static double[] coefficients(double[] frequencies) {
    double[] coefficients = new double[frequencies.length];
    for (int i = 0; i < frequencies.length; i++) coefficients[i] = Goertzel.coefficient(frequencies[i], 8000);
    return coefficients;
  }

  /**
   * The next {@code samples} of the call (8 kHz); the key that now counts, if one does. A 20 ms
   * frame completes at most one block, so at most one key comes of it.
   */
  public Optional<Character> frame(short[] samples) {
    Optional<Character> counted = Optional.empty();
    for (short sample : samples) {
      recent[next] = sample;
      next = (next + 1) % BLOCK;
      heard++;
      if (heard >= BLOCK && (heard - BLOCK) % HOP == 0) {
        // The block in the order it was heard: the oldest sample is the next to be overwritten.
        System.arraycopy(recent, next, block, 0, BLOCK - next);
        System.arraycopy(recent, 0, block, BLOCK - next, next);
        Optional<Character> now = step(blockKey().orElse('\0'));
        if (now.isPresent()) counted = now;
      }
    }
    return counted;
  }

  /** Press and release over blocks: {@code key} ('\0' for none) is what the last block held. */
  private Optional<Character> step(char key) {
    if (key != '\0' && key == candidate) {
      held++;
    } else {
      candidate = key;
      held = key == '\0' ? 0 : 1;
    }
    released = key != '\0' && key == down ? 0 : released + 1;
    if (released >= RELEASE_BLOCKS) down = '\0';
    if (key == '\0' || held < HOLD_BLOCKS || down != '\0') return Optional.empty();
    down = key;
    released = 0;
    return Optional.of(key);
  }

  /** The key one block of samples holds, if it holds one. */
  private Optional<Character> blockKey() {
    double energy = 0;
    for (short sample : block) energy += (double) sample * sample;
    // A tone of amplitude A over N samples: energy N·A²/2; two tones at the least amplitude, twice that.
    if (energy < BLOCK * MIN_AMPLITUDE * MIN_AMPLITUDE) return Optional.empty();
    double[] rows = powers(rowCoefficients);
    double[] columns = powers(columnCoefficients);
    int row = strongest(rows);
    int column = strongest(columns);
    // A tone of amplitude A gives a Goertzel power of (A·N/2)², its energy N·A²/2: the ratio is N/2.
    double share = (rows[row] + columns[column]) / (energy * BLOCK / 2);
    if (share < MIN_TONE_SHARE) return Optional.empty();
    if (rows[row] < MIN_GROUP_MARGIN * second(rows, row) || columns[column] < MIN_GROUP_MARGIN * second(columns, column)) {
      return Optional.empty();
    }
    if (columns[column] > MAX_REVERSE_TWIST * rows[row] || rows[row] > MAX_NORMAL_TWIST * columns[column]) {
      return Optional.empty();
    }
    double least = MIN_AMPLITUDE * BLOCK / 2;
    if (rows[row] < least * least || columns[column] < least * least) return Optional.empty();
    return Optional.of(KEYS[row].charAt(column));
  }

  private double[] powers(double[] coefficients) {
    double[] powers = new double[coefficients.length];
    for (int f = 0; f < coefficients.length; f++) powers[f] = Goertzel.power(block, coefficients[f]);
    return powers;
  }

  private static int strongest(double[] powers) {
    int best = 0;
    for (int i = 1; i < powers.length; i++) if (powers[i] > powers[best]) best = i;
    return best;
  }

  private static double second(double[] powers, int strongest) {
    double next = 0;
    for (int i = 0; i < powers.length; i++) if (i != strongest) next = Math.max(next, powers[i]);
    return next;
  }
}
