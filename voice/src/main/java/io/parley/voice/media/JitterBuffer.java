package io.parley.voice.media;

import java.util.Arrays;
import java.util.Optional;

/**
 * A phone call's jitter buffer: the caller's 20 ms frames arrive by UDP, unevenly, out of order,
 * twice or not at all; the recogniser wants one frame every 20 ms, in order. Frames are put in
 * their place by RTP sequence number (16 bits, wrapping), and play-out starts once the first frame
 * has waited {@code depth} ticks, so there is that much slack for stragglers. Each {@link #poll()}
 * (one per 20 ms tick) gives the next frame; a frame missing when later ones are there is lost and
 * concealed (the last frame again at half the loudness, then a quarter, then silence), and when
 * nothing at all is there (the caller sends no audio for a while) the buffer conceals without
 * using up a sequence number and fills up again. A frame that comes after its place was played
 * (or concealed) is late, a copy of one that already came (held, played, or itself late) is a
 * duplicate: both are dropped. A packet sent once and copied on the way thus counts as one late or
 * on-time packet and a duplicate for each further copy, however the copies' timing falls, and the
 * packets received (which leave duplicates out) count it once. A copy more than
 * {@value #REMEMBERED} frames behind play-out, whose first is no longer remembered, counts as late.
 *
 * <p>The depth can change while the caller talks ({@link #resize}, driven by {@link PlayoutDepth}):
 * deeper, play-out waits a tick per frame (a concealed frame, the caller's audio all kept). More
 * frames held than the depth and one for a full second (a burst after a stall, a depth grown and
 * shrunk again) is latency nobody needs: a frame is dropped where the next one is already there,
 * one a second, so the caller is heard sooner.
 *
 * <p>Memory is bounded: at most {@code capacity} frames are held; a frame further ahead than that,
 * or far behind, is a new stream (the numbering jumped) and the buffer starts over from it. Not
 * thread-safe.
 */
public final class JitterBuffer {
  /** What became of an offered frame. */
  public enum Arrival { BUFFERED, LATE, DUPLICATE }

  /**
   * A frame to play: the caller's, or a concealment.
   *
   * @param arrivedNanos when the caller's frame arrived; -1 for a concealment
   */
  public record Frame(short[] samples, long arrivedNanos, boolean concealed) {}

  /** Frames behind play-out remembered to tell duplicates from late frames. */
  private static final int REMEMBERED = 64;
  /** Further back than this, a frame is no straggler but a new stream (RFC 3550, appendix A.1). */
  private static final int MAX_MISORDER = 100;
  /** Concealed frames in a row before they are plain silence. */
  private static final int FADE_FRAMES = 2;

  /** Ticks of more frames held than needed before one is dropped. */
  private static final int EXCESS_TICKS_TO_DROP = 50;

  /** The depth play-out (re)starts with, and the one playing aims at. */
  private int depth;
  /** The depth play-out started with, plus the ticks waited since as the depth grew. */
  private int playingDepth;
  private int excessTicks;
  private final int capacity;
  private final int frameSamples;
  private final short[][] frames;
  private final long[] sequences;
  private final long[] arrivals;
  private int held;
  private boolean started;
  private boolean playing;
  private boolean everPlayed;
  private int waited;
  /** The extended sequence number of the next frame to play (or, before play-out, the lowest held). */
  private long next;
  /** Bit i: frame {@code next - 1 - i} came (played, dropped, or late); clear where it was concealed or skipped. */
  private long came;
  private short[] last;
  private int concealedInARow;
  private long late;
  private long duplicates;
  private long concealed;
  private long dropped;
  private long starved;

  /**
   * @param depth ticks the first frame waits before play-out (at least 1)
   * @param capacity the most frames held (more than {@code depth})
   * @param frameSamples the samples of a silent frame, before any frame arrived to size it
   */
  public JitterBuffer(int depth, int capacity, int frameSamples) {
    if (depth < 1) throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    if (capacity <= depth) throw new IllegalArgumentException("capacity must exceed depth " + depth + ", got " + capacity);
    if (frameSamples < 1) throw new IllegalArgumentException("frameSamples must be positive, got " + frameSamples);
    this.depth = depth;
    this.playingDepth = depth;
    this.capacity = capacity;
    this.frameSamples = frameSamples;
    this.frames = new short[capacity][];
    this.sequences = new long[capacity];
    this.arrivals = new long[capacity];
  }

  /** A frame with RTP sequence number {@code sequence} (0..65535) arrived at {@code arrivedNanos}. */
  public Arrival offer(int sequence, short[] samples, long arrivedNanos) {
    if (!started) {
      started = true;
      next = sequence;
      return store(sequence, samples, arrivedNanos);
    }
    long extended = next + (short) (sequence - (int) (next & 0xFFFF));
    if (extended >= next + capacity || next - extended > MAX_MISORDER) {
      // Far from play-out: a new stream (a jump in the numbering); start over from it.
      clear();
      next = extended;
      playing = false;
      waited = 0;
      return store(extended, samples, arrivedNanos);
    }
    if (extended < next) {
      if (!everPlayed && highest() - extended < capacity) {
        // Before play-out starts, an earlier frame is simply the new first one.
        next = extended;
        return store(extended, samples, arrivedNanos);
      }
      long behind = next - 1 - extended;
      if (behind < REMEMBERED) {
        if ((came >>> behind & 1) != 0) {
          duplicates++;
          return Arrival.DUPLICATE;
        }
        came |= 1L << behind;
      }
      late++;
      return Arrival.LATE;
    }
    int slot = slot(extended);
    if (frames[slot] != null && sequences[slot] == extended) {
      duplicates++;
      return Arrival.DUPLICATE;
    }
    return store(extended, samples, arrivedNanos);
  }

  /** From now on, {@code depth} ticks of slack (1 to less than the capacity); see the class comment. */
  public void resize(int depth) {
    if (depth < 1 || depth >= capacity) {
      throw new IllegalArgumentException("depth must be 1 to " + (capacity - 1) + ", got " + depth);
    }
    this.depth = depth;
  }

  /**
   * The frame for this 20 ms tick: the caller's, or a concealment; empty only before the first
   * frame ever arrived.
   */
  public Optional<Frame> poll() {
    if (!started) return Optional.empty();
    if (!playing) {
      if (held == 0 || ++waited < depth) return Optional.of(conceal());
      playing = true;
      everPlayed = true;
      playingDepth = depth;
      long lowest = lowestHeld();
      skip(lowest - next);
      next = lowest;
    } else if (playingDepth < depth) {
      playingDepth++;
      return Optional.of(conceal());
    } else {
      playingDepth = depth;
      maybeDropExcess();
    }
    int slot = slot(next);
    if (frames[slot] != null && sequences[slot] == next) {
      short[] samples = frames[slot];
      long arrived = arrivals[slot];
      frames[slot] = null;
      held--;
      next++;
      came = came << 1 | 1;
      last = samples;
      concealedInARow = 0;
      return Optional.of(new Frame(samples, arrived, false));
    }
    if (held == 0) {
      // Nothing came in time: wait for the caller's audio to fill the buffer again.
      starved++;
      playing = false;
      waited = 0;
      return Optional.of(conceal());
    }
    skip(1);
    next++;
    concealed++;
    return Optional.of(conceal());
  }

  /**
   * What play-out has met so far.
   *
   * @param late frames that came after their place was played or concealed (their first copy; see the class comment)
   * @param duplicates copies of frames that had come already, on time or late
   * @param concealed frames lost within the stream and concealed
   * @param starved ticks play-out found nothing (the caller's audio stalled or stopped) and waited to fill up again
   * @param dropped frames of the caller's dropped to make the buffer shallower
   */
  public record Counts(long late, long duplicates, long concealed, long starved, long dropped) {}

  /** What play-out has met so far. */
  public Counts counts() {
    return new Counts(late, duplicates, concealed, starved, dropped);
  }

  /** The depth play-out aims at. */
  public int depth() {
    return depth;
  }

  /** Frames held now. */
  public int held() {
    return held;
  }

  private Arrival store(long extended, short[] samples, long arrivedNanos) {
    int slot = slot(extended);
    frames[slot] = samples;
    sequences[slot] = extended;
    arrivals[slot] = arrivedNanos;
    held++;
    return Arrival.BUFFERED;
  }

  private void maybeDropExcess() {
    if (held <= depth + 1 || !isHeld(next) || !isHeld(next + 1)) {
      excessTicks = 0;
      return;
    }
    if (++excessTicks < EXCESS_TICKS_TO_DROP) return;
    excessTicks = 0;
    frames[slot(next)] = null;
    held--;
    next++;
    came = came << 1 | 1;
    dropped++;
  }

  private boolean isHeld(long sequence) {
    int slot = slot(sequence);
    return frames[slot] != null && sequences[slot] == sequence;
  }

  private Frame conceal() {
    concealedInARow++;
    short[] samples = new short[last == null ? frameSamples : last.length];
    if (last != null && concealedInARow <= FADE_FRAMES) {
      int shift = concealedInARow;
      for (int i = 0; i < samples.length; i++) samples[i] = (short) (last[i] >> shift);
    }
    return new Frame(samples, -1, true);
  }

  private void skip(long frames) {
    came = frames >= REMEMBERED ? 0 : came << frames;
  }

  private long lowestHeld() {
    for (long sequence = next; sequence < next + capacity; sequence++) {
      int slot = slot(sequence);
      if (frames[slot] != null && sequences[slot] == sequence) return sequence;
    }
    throw new IllegalStateException("no frame held");
  }

  private long highest() {
    long highest = next;
    for (int slot = 0; slot < capacity; slot++) {
      if (frames[slot] != null) highest = Math.max(highest, sequences[slot]);
    }
    return highest;
  }

  private void clear() {
    Arrays.fill(frames, null);
    held = 0;
    came = 0;
  }

  private int slot(long extended) {
    return (int) Math.floorMod(extended, (long) capacity);
  }
}
