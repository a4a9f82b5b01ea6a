package io.parley.voice.media;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;

/**
 * The audio a phone call sends, one RTP packet per 20 ms tick: the bot's speech while there is
 * some queued, else comfort silence (G.711 silence, or an RFC 3389 comfort-noise packet when the
 * caller offered {@code CN}), so the caller hears an open line and NATs and phones keep the stream,
 * never a dead call. Speech and silence share one sequence and timestamp space; the first packet of
 * each talk spurt has the marker bit. The queue is bounded: the voice pipeline sends only a few
 * frames ahead, so a full queue means audio arrives faster than it plays, and the excess is dropped.
 * Keys the bot presses go before its speech, which waits: as telephone-events in place of the
 * audio ({@link KeyEvents}) when the far end takes them, else as tones ({@link KeyTones}).
 * Thread-safe: the call's actor queues what the node's clock sends.
 */
public final class OutgoingAudio {
  public static final int PCMU = 0;
  public static final int PCMA = 8;
  /** Samples in a 20 ms packet at 8 kHz. */
  public static final int FRAME_SAMPLES = 160;
  private static final int FRAME_MILLIS = 20;
  /** RFC 3389's noise level in -dBov: a quiet line. */
  private static final byte NOISE_LEVEL = 80;

  private final int codec;
  private final int comfortNoise;
  private final long ssrc;
  private final int maxFrames;
  private final Deque<short[]> queued = new ArrayDeque<>();
  private final KeyEvents keyEvents = new KeyEvents();
  private final Deque<short[]> keyTones = new ArrayDeque<>();
  private final byte[] silence;
  private int sequence;
  private long timestamp;
  private boolean talking;

  /**
   * @param codec {@link #PCMU} or {@link #PCMA}
   * @param comfortNoise the caller's payload type for CN, or -1 to send G.711 silence
   * @param firstSequence the first packet's sequence number (random, RFC 3550)
   * @param firstTimestamp the first packet's timestamp (random, RFC 3550)
   * @param maxFrames the most frames of speech queued
   */
  public OutgoingAudio(int codec, int comfortNoise, long ssrc, int firstSequence, long firstTimestamp, int maxFrames) {
    if (codec != PCMU && codec != PCMA) throw new IllegalArgumentException("codec must be PCMU (0) or PCMA (8), got " + codec);
    if (maxFrames < 1) throw new IllegalArgumentException("maxFrames must be positive, got " + maxFrames);
    this.codec = codec;
    this.comfortNoise = comfortNoise;
    this.ssrc = ssrc;
    this.maxFrames = maxFrames;
    this.sequence = firstSequence & 0xFFFF;
    this.timestamp = firstTimestamp & 0xFFFFFFFFL;
    this.silence = encode(new short[FRAME_SAMPLES]);
  }

  /** Queues speech (8 kHz PCM16) in 20 ms frames, the last padded; false when some had to be dropped. */
  public synchronized boolean speak(short[] samples) {
    boolean all = true;
    for (int offset = 0; offset < samples.length; offset += FRAME_SAMPLES) {
      if (queued.size() >= maxFrames) {
        all = false;
        break;
      }
      queued.add(Arrays.copyOf(Arrays.copyOfRange(samples, offset, Math.min(offset + FRAME_SAMPLES, samples.length)),
          FRAME_SAMPLES));
    }
    return all;
  }

  /** Drops the speech not sent yet (a barge-in); how many milliseconds of it there were. */
  public synchronized long hush() {
    long millis = (long) queued.size() * FRAME_MILLIS;
    queued.clear();
    return millis;
  }

  /**
   * Presses {@code keys} (0-9, *, #, A-D) before any speech not sent yet: as telephone-events of the
   * far end's {@code telephoneEvent} payload type, or as tones when it is -1 (it offered none).
   */
  public synchronized void press(String keys, int telephoneEvent) {
    if (telephoneEvent >= 0) {
      keyEvents.press(keys, telephoneEvent);
      return;
    }
    short[] tones = KeyTones.of(keys);
    for (int offset = 0; offset < tones.length; offset += FRAME_SAMPLES) {
      keyTones.add(Arrays.copyOfRange(tones, offset, offset + FRAME_SAMPLES));
    }
  }

  /** The packet for this tick. */
  public synchronized RtpPacket next() {
    Optional<KeyEvents.Packet> key = keyEvents.next(timestamp);
    short[] frame = key.isPresent() || keyEvents.pressing() ? null : keyTones.isEmpty() ? queued.poll() : keyTones.poll();
    RtpPacket packet;
    if (key.isPresent()) {
      KeyEvents.Packet event = key.get();
      packet = new RtpPacket(event.payloadType(), event.marker(), sequence, event.timestamp(), ssrc, event.payload());
      talking = false;
    } else if (frame != null) {
      packet = new RtpPacket(codec, !talking, sequence, timestamp, ssrc, encode(frame));
      talking = true;
    } else {
      talking = false;
      packet = comfortNoise >= 0
          ? new RtpPacket(comfortNoise, false, sequence, timestamp, ssrc, new byte[] {NOISE_LEVEL})
          : new RtpPacket(codec, false, sequence, timestamp, ssrc, silence);
    }
    sequence = (sequence + 1) & 0xFFFF;
    timestamp = (timestamp + FRAME_SAMPLES) & 0xFFFFFFFFL;
    return packet;
  }

  /** Frames of speech waiting. */
  public synchronized int queued() {
    return queued.size();
  }

  private byte[] encode(short[] frame) {
    return codec == PCMU ? G711.ulawEncode(frame) : G711.alawEncode(frame);
  }
}
