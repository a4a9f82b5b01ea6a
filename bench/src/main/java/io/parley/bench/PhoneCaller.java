package io.parley.bench;

import io.parley.voice.media.G711;
import io.parley.voice.media.Pcm16;
import io.parley.voice.media.RtpPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;

/**
 * One caller of the phone benchmark: its RTP socket, the script it speaks (a question, then
 * silence while the bot answers, again and again, starting with the silence while the greeting
 * plays), and what it hears, measured as a phone would:
 * packets, interarrival jitter (RFC 3550 §6.4.1), late packets (arriving more than a jitter
 * buffer's depth after their talk spurt's schedule) and, per turn, the delay from the end of its
 * question to the first packet of the spoken answer. Sent from the benchmark's ticking thread,
 * received on its selector thread.
 */
final class PhoneCaller {
  /** What a phone's jitter buffer holds; a packet later than this is a gap the caller hears. */
  static final long JITTER_BUFFER_MILLIS = 60;
  private static final int FRAME = 160;
  /** Mean magnitude above which a received frame is speech rather than comfort silence. */
  private static final int SPEECH_LEVEL = 300;
  /** RMS of a 20 ms frame of the question that is speech, not its quiet tail (the energy detector's threshold). */
  private static final int VOICED_RMS = 500;

  private final DatagramChannel channel;
  private final byte[][] script;
  private final int questionFrames;
  private final int questionEndFrame;
  private final long endOfUtteranceMillis;
  private final List<Long> turnDelays;
  private volatile InetSocketAddress node;
  private int next;
  private int sequence;
  private long timestamp;
  // Receiving side: the selector thread only.
  private long received;
  private long late;
  private double jitterMillis;
  private double lastTransitMillis = Double.NaN;
  private double spurtBaseMillis = Double.NaN;
  private long lastReceivedTimestamp = -1;
  private volatile long questionEndNanos;
  private volatile boolean awaitingAnswer;

  /**
   * @param questionEndFrame the script's frame whose sending ends the question: the delay counts from
   *     there, less {@code endOfUtteranceMillis}
   */
  PhoneCaller(byte[][] script, int questionFrames, int questionEndFrame, long endOfUtteranceMillis,
      List<Long> turnDelays) throws IOException {
    this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    this.channel.configureBlocking(false);
    this.script = script;
    this.questionFrames = questionFrames;
    this.questionEndFrame = questionEndFrame;
    this.endOfUtteranceMillis = endOfUtteranceMillis;
    this.turnDelays = turnDelays;
    // Silence first: the caller listens to the greeting before asking.
    this.next = questionFrames;
  }

  /** The script: {@code question} (8 kHz) as μ-law frames, then {@code silenceMillis} of silence. */
  static byte[][] script(short[] question, long silenceMillis) {
    int questionFrames = (question.length + FRAME - 1) / FRAME;
    int frames = questionFrames + (int) (silenceMillis / 20);
    byte[][] script = new byte[frames][];
    for (int i = 0; i < frames; i++) {
      short[] frame = new short[FRAME];
      if (i < questionFrames) System.arraycopy(question, i * FRAME, frame, 0, Math.min(FRAME, question.length - i * FRAME));
      script[i] = G711.ulawEncode(frame);
    }
    return script;
  }

  /** The last frame of {@code question} (8 kHz) with speech in it, as loud as a spoken word. */
  static int lastVoicedFrame(short[] question) {
    int last = 0;
    for (int i = 0; i * FRAME < question.length; i++) {
      short[] frame = Arrays.copyOfRange(question, i * FRAME, Math.min(question.length, (i + 1) * FRAME));
      if (Pcm16.rms(frame) >= VOICED_RMS) last = i;
    }
    return last;
  }

  DatagramChannel channel() {
    return channel;
  }

  int rtpPort() {
    return channel.socket().getLocalPort();
  }

  String offer() {
    return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + rtpPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
        + "a=ptime:20\r\n";
  }

  void answered(InetSocketAddress nodeRtp) {
    node = nodeRtp;
  }

  /** The next 20 ms of the script; called every 20 ms by the ticking thread. */
  void tick() throws IOException {
    if (node == null) return;
    int frame = next;
    next = (next + 1) % script.length;
    byte[] packet = new RtpPacket(0, frame == 0, sequence, timestamp, 0x5EED, script[frame]).toBytes();
    sequence = (sequence + 1) & 0xFFFF;
    timestamp = (timestamp + FRAME) & 0xFFFFFFFFL;
    channel.send(ByteBuffer.wrap(packet), node);
    if (frame == questionEndFrame) {
      questionEndNanos = System.nanoTime();
      awaitingAnswer = true;
    }
  }

  /** Reads what has arrived; called by the selector thread. */
  void receive(ByteBuffer buffer) throws IOException {
    while (true) {
      buffer.clear();
      if (channel.receive(buffer) == null) return;
      long now = System.nanoTime();
      RtpPacket.parse(buffer.array(), buffer.position()).ifPresent(packet -> heard(packet, now));
    }
  }

  private void heard(RtpPacket packet, long nowNanos) {
    received++;
    double transit = nowNanos / 1e6 - packet.timestamp() / 8.0;
    boolean newSpurt = packet.marker() || lastReceivedTimestamp < 0
        || Math.abs(packet.timestamp() - lastReceivedTimestamp) > 8000;
    lastReceivedTimestamp = packet.timestamp();
    if (newSpurt || Double.isNaN(spurtBaseMillis)) {
      spurtBaseMillis = transit;
      lastTransitMillis = transit;
    } else {
      spurtBaseMillis = Math.min(spurtBaseMillis, transit);
      if (transit - spurtBaseMillis > JITTER_BUFFER_MILLIS) late++;
      jitterMillis += (Math.abs(transit - lastTransitMillis) - jitterMillis) / 16;
      lastTransitMillis = transit;
    }
    if (awaitingAnswer && packet.payloadType() == 0 && speech(packet.payload())) {
      awaitingAnswer = false;
      turnDelays.add((nowNanos - questionEndNanos) / 1_000_000 - endOfUtteranceMillis);
    }
  }

  private static boolean speech(byte[] payload) {
    long sum = 0;
    for (short sample : G711.ulawDecode(payload)) sum += Math.abs(sample);
    return sum / Math.max(1, payload.length) > SPEECH_LEVEL;
  }

  long received() {
    return received;
  }

  long late() {
    return late;
  }

  double jitterMillis() {
    return jitterMillis;
  }

  void close() throws IOException {
    channel.close();
  }
}
