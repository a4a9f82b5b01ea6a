package io.parley.voice.phone;

import io.parley.voice.media.CallerReport;
import io.parley.voice.media.JitterBuffer;
import io.parley.voice.media.PlayoutDepth;
import io.parley.voice.media.OutgoingAudio;
import io.parley.voice.media.RtcpExchange;
import io.parley.voice.media.RtcpReport;
import io.parley.voice.media.RtpPacket;
import io.parley.voice.media.RtpReception;
import io.parley.voice.media.RtpStats;
import io.parley.voice.media.TelephoneEvents;
import io.parley.voice.media.ToneDetector;
import io.parley.voice.media.G711;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP: a UDP port of its own from the configured range, G.711 (μ-law or A-law) at 8 kHz in 20 ms packets,
 * keys as RFC 4733 telephone-events ({@link TelephoneEvents}) or, when the caller's offer has none, as tones in its
 * audio ({@link ToneDetector}); the bot's own keys go either way ({@link #press}). Symmetric: audio goes back to
 * wherever the caller's audio comes from (NAT), the SDP address only until the first packet; packets from anywhere
 * else after that are dropped. The node's reader ({@link RtpReader}) puts the caller's packets into a {@link
 * JitterBuffer} as deep as their jitter needs ({@link PlayoutDepth}); the node's 20 ms clock then sends one packet
 * (the bot's speech, else comfort silence, {@link OutgoingAudio}) and hands the caller's next frame on, so both
 * directions are a steady 20 ms stream from the answer on ({@link #start}), never before: nothing goes out while the
 * call only rings, as no 183 announced early media. The caller's SDP direction decides what flows ({@link #update}):
 * on hold ({@code sendonly}, {@code inactive}) the bot's packets are not sent. RTCP (RFC 3550, {@link RtcpExchange})
 * goes on the port above the RTP port, or on the RTP port itself when the caller multiplexes (RFC 5761), a report
 * every 5 s or so. {@link #lastHeardNanos()} tells the call when the caller went silent at the network level; {@link
 * #stats()} how their audio arrives, {@link #callerReport()} how the caller says the bot's does.
 */
public final class RtpChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpChannel.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The most of the bot's speech queued: the voice pipeline keeps only a few frames ahead. */
  private static final int MAX_QUEUED_FRAMES = 50;
  /** How far out of order the caller's packets may come, beyond the jitter buffer's depth. */
  private static final int REORDER_FRAMES = 25;
  private static final int TICKS_PER_REPORT = 50;
  /** RTCP every 5 s on average, randomised by half either way (RFC 3550 §6.3.1) so calls do not report in step. */
  private static final int TICKS_PER_RTCP = 250;
  /** Five seconds of calm before the jitter buffer gives back a frame. */
  private static final int CALM_TICKS_TO_SHRINK = 250;

  /** A 20 ms frame of the caller's audio (8 kHz PCM16), ready since {@code readyNanos}. */
  record CallerFrame(short[] samples, long readyNanos) {}

  private final DatagramChannel socket;
  /** The RTCP socket on the port above, when the caller does not multiplex RTCP onto RTP. */
  private final Optional<DatagramChannel> rtcpSocket;
  private final RtcpExchange rtcp;
  private volatile SocketAddress rtcpRemote;
  private volatile boolean rtcpLatched;
  private long nextRtcpTick = TICKS_PER_RTCP / 2;
  private long sentPackets;
  private long sentOctets;
  private long sentTimestamp;
  private volatile Optional<Long> callerSsrc = Optional.empty();
  private volatile MediaDirection callerDirection;
  private final int codec;
  /** The caller's telephone-event payload type (-1: none), as its latest offer names it. */
  private volatile int telephoneEvent;
  private final int comfortNoise;
  private final RtpMedia media;
  private final JitterBuffer jitter;
  private final PlayoutDepth depth;
  private final RtpReception reception = new RtpReception(8000);
  private final OutgoingAudio outgoing;
  private final Runnable stopTicking;
  private volatile Runnable stopReading = () -> {};
  private boolean listening;
  private long ticks;
  private RtpStats reported = RtpStats.NONE;
  private long lostAtLastReport;
  private volatile Consumer<CallerFrame> audio;
  private volatile SocketAddress remote;
  private volatile boolean latched;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean closed;
  private final TelephoneEvents events = new TelephoneEvents();
  /** In-band keys, for a caller whose offer has no telephone-event to send them by. */
  private final Optional<ToneDetector> tones;
  private boolean speechDropLogged;
  private boolean strangerLogged;
  private volatile Consumer<Keypress> keys = key -> {};
  /** A frame each tick from something other than the bot (hold audio, a brief), when set. */
  private volatile Supplier<short[]> played;
  private volatile String name = "";
  /** Where both directions of each 20 ms go besides the wire, once the call is recorded. */
  private volatile BiConsumer<short[], short[]> tap;
  private static final short[] SILENT = new short[OutgoingAudio.FRAME_SAMPLES];

  private RtpChannel(DatagramChannel socket, Optional<DatagramChannel> rtcpSocket, SdpOffer offer, RtpMedia media) {
    this.socket = socket;
    this.rtcpSocket = rtcpSocket;
    this.remote = new InetSocketAddress(offer.address(), offer.port());
    this.rtcpRemote = new InetSocketAddress(offer.address(), offer.rtcpPort());
    this.callerDirection = offer.direction();
    this.codec = offer.g711().orElseThrow();
    this.telephoneEvent = offer.telephoneEvent().orElse(-1);
    this.comfortNoise = offer.comfortNoise().orElse(-1);
    this.tones = telephoneEvent < 0 ? Optional.of(new ToneDetector()) : Optional.empty();
    this.media = media;
    this.jitter = new JitterBuffer(media.jitterFrames(), media.maxJitterFrames() + REORDER_FRAMES,
        OutgoingAudio.FRAME_SAMPLES);
    this.depth = new PlayoutDepth(media.jitterFrames(), media.maxJitterFrames(), 20, CALM_TICKS_TO_SHRINK);
    long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    this.outgoing = new OutgoingAudio(codec, comfortNoise, ssrc, RANDOM.nextInt(0x10000),
        RANDOM.nextInt() & 0xFFFFFFFFL, MAX_QUEUED_FRAMES);
    this.rtcp = new RtcpExchange(ssrc, "parley@" + socket.socket().getLocalAddress().getHostAddress());
    this.stopTicking = media.everyFrame(this::tick);
  }

  /**
   * A channel on the first free even port of {@code from..to} on {@code bind} (and the odd one above
   * it for RTCP, unless the offer multiplexes) for an offer with G.711, sending to the offer's
   * address first; nothing is sent before {@link #start}.
   */
  public static RtpChannel open(InetAddress bind, int from, int to, SdpOffer offer, RtpMedia media) {
    for (int port = from + (from & 1); port <= to; port += 2) {
      DatagramChannel socket = null;
      DatagramChannel rtcpSocket = null;
      try {
        socket = bound(bind, port);
        if (!offer.rtcpMux()) rtcpSocket = bound(bind, port + 1);
        return new RtpChannel(socket, Optional.ofNullable(rtcpSocket), offer, media);
      } catch (IOException taken) {
        closeQuietly(socket); // the next even port
        closeQuietly(rtcpSocket);
      }
    }
    throw new UncheckedIOException(new IOException("no free RTP port in " + from + ".." + to));
  }

  private static DatagramChannel bound(InetAddress bind, int port) throws IOException {
    DatagramChannel socket = DatagramChannel.open();
    try {
      socket.bind(new InetSocketAddress(bind, port));
      socket.configureBlocking(false);
      return socket;
    } catch (IOException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  public int localPort() {
    return socket.socket().getLocalPort();
  }

  /**
   * Starts listening: the caller's audio, one frame each 20 ms, to {@code audio}; the keys they
   * press to {@code keys}. Listening already (a call screened for an answering machine before the
   * bot hears it), the frames and keys from now on go to these instead.
   */
  void start(String name, Consumer<CallerFrame> audio, Consumer<Keypress> keys) {
    this.audio = audio;
    this.name = name;
    this.keys = keys;
    if (listening) return;
    listening = true;
    Runnable stopRtp = media.readFrom(socket, this::datagram);
    Runnable stopRtcp = rtcpSocket.map(rtcpPort -> media.readFrom(rtcpPort, this::rtcpDatagram)).orElse(() -> {});
    stopReading = () -> {
      stopRtp.run();
      stopRtcp.run();
    };
  }

  /**
   * The caller's new offer in the call (a re-INVITE or UPDATE): a hold ({@code sendonly},
   * {@code inactive}) stops the bot's packets, {@code sendrecv} resumes them; a new address is
   * sent to until the caller's packets come from elsewhere again; its telephone-event type is the
   * one the keys come by, as the answer says.
   */
  void update(SdpOffer offer) {
    callerDirection = offer.direction();
    offer.telephoneEvent().ifPresent(type -> telephoneEvent = type);
    InetSocketAddress offered = new InetSocketAddress(offer.address(), offer.port());
    if (!offered.equals(remote) && !offered.getAddress().isAnyLocalAddress()) {
      remote = offered;
      latched = false;
      if (rtcpSocket.isPresent()) {
        rtcpRemote = new InetSocketAddress(offer.address(), offer.rtcpPort());
        rtcpLatched = false;
      }
    }
    // A caller that stops sending is on hold, not gone: its silence counts from the change.
    lastHeardNanos = System.nanoTime();
  }

  /** Which way the caller's last offer has the audio flow. */
  MediaDirection callerDirection() {
    return callerDirection;
  }

  /** One datagram on the socket, on the node's RTP reader thread. */
  private void datagram(byte[] data, int length, SocketAddress from, long arrived) {
    if (RtcpReport.isRtcp(data, length)) {
      // Multiplexed (RFC 5761): the caller's RTCP comes from where its RTP does.
      if (rtcpSocket.isEmpty()) rtcpDatagram(data, length, from, arrived);
      return;
    }
    if (latched && !from.equals(remote)) {
      if (!strangerLogged) LOG.warn("RTP from an unexpected address {} dropped", from);
      strangerLogged = true;
      return;
    }
    RtpPacket.parse(data, length).ifPresent(packet -> {
      if (!latched) {
        remote = from;
        latched = true;
      }
      lastHeardNanos = arrived;
      callerSsrc = Optional.of(packet.ssrc());
      received(packet, arrived);
    });
  }

  /** The caller's RTCP, on the reader thread: reports about the bot's stream go into {@link #callerReport()}. */
  private void rtcpDatagram(byte[] data, int length, SocketAddress from, long arrived) {
    List<RtcpReport> reports = RtcpReport.parse(data, length);
    if (reports.isEmpty()) return;
    if (rtcpSocket.isPresent() && !rtcpLatched) {
      rtcpRemote = from;
      rtcpLatched = true;
    }
    CallerReport before;
    CallerReport now;
    synchronized (rtcp) {
      before = rtcp.caller();
      rtcp.received(reports, System.currentTimeMillis(), arrived);
      now = rtcp.caller();
    }
    media.metrics().rtcpReceived(before, now);
  }

  /**
   * The caller's audio goes into the jitter buffer; a digit or comfort noise takes its packet's
   * place in the stream as silence (they share the audio's numbering). Other payload types are dropped.
   */
  private void received(RtpPacket packet, long arrived) {
    int type = packet.payloadType();
    boolean isAudio = type == codec;
    if (!isAudio && type != telephoneEvent && type != comfortNoise) return;
    short[] samples = isAudio ? decoded(packet.payload()) : new short[OutgoingAudio.FRAME_SAMPLES];
    synchronized (jitter) {
      JitterBuffer.Arrival arrival = jitter.offer(packet.sequence(), samples, arrived);
      if (arrival != JitterBuffer.Arrival.DUPLICATE) {
        reception.packet(packet.sequence());
        if (isAudio) reception.timing(packet.timestamp(), arrived);
        jitter.resize(arrival == JitterBuffer.Arrival.LATE ? depth.late() : depth.arrived(reception.jitterMillis()));
      }
    }
    if (type == telephoneEvent) {
      events.packet(packet.timestamp(), packet.payload()).forEach(key -> pressed(key, Keypress.RFC4733));
    } else if (isAudio && tones.isPresent()) {
      tones.get().frame(samples).ifPresent(key -> pressed(key, Keypress.INBAND));
    }
  }

  private short[] decoded(byte[] payload) {
    return codec == OutgoingAudio.PCMU ? G711.ulawDecode(payload) : G711.alawDecode(payload);
  }

  /**
   * From now on each 20 ms of the call goes to {@code tap} too, as the caller said it and as the bot
   * sent it (silence where nothing was, 8 kHz PCM16): the call's recording. Called on the clock's thread.
   */
  void tap(BiConsumer<short[], short[]> tap) {
    this.tap = tap;
  }

  /** A key the caller pressed, to the call and the metrics; also for a SIP INFO's ({@link io.parley.voice.phone.keys.DtmfInfo}). */
  void pressed(char key, String method) {
    media.metrics().keyReceived(method);
    keys.accept(new Keypress(key, method));
  }

  /**
   * Every 20 ms (the round of the node's clock due at {@code dueNanos}): one packet out, the
   * caller's next frame on, and now and then the statistics to the metrics.
   */
  private void tick(long dueNanos) {
    Consumer<CallerFrame> listener = audio;
    if (listener == null) return; // not answered yet
    ticks++;
    RtpPacket packet;
    Supplier<short[]> source = played;
    synchronized (outgoing) {
      if (source != null) outgoing.speak(source.get());
      packet = outgoing.next();
    }
    // On hold the stream's clock runs on, so the caller's resumed audio continues its numbering.
    if (callerDirection.receives()) {
      send(packet);
      sentPackets++;
      sentOctets += packet.payload().length;
      sentTimestamp = packet.timestamp();
    }
    Optional<JitterBuffer.Frame> frame;
    synchronized (jitter) {
      jitter.resize(depth.tick());
      frame = jitter.poll();
    }
    frame.ifPresent(f -> listener.accept(new CallerFrame(f.samples(), Math.max(f.arrivedNanos(), dueNanos))));
    BiConsumer<short[], short[]> recording = tap;
    if (recording != null) {
      boolean botHeard = callerDirection.receives() && packet.payloadType() == codec;
      recording.accept(frame.map(JitterBuffer.Frame::samples).orElse(SILENT), botHeard ? decoded(packet.payload()) : SILENT);
    }
    if (ticks % TICKS_PER_REPORT == 0) report(false);
    if (ticks >= nextRtcpTick) {
      sendRtcp();
      nextRtcpTick = ticks + TICKS_PER_RTCP / 2 + RANDOM.nextInt(TICKS_PER_RTCP);
    }
  }

  /** A sender report while the bot sends, else a receiver report, with a block on the caller's stream once it came. */
  private void sendRtcp() {
    Optional<RtcpReport.SenderInfo> sent = callerDirection.receives()
        ? Optional.of(new RtcpReport.SenderInfo(0, sentTimestamp, sentPackets, sentOctets)) : Optional.empty();
    byte[] report;
    synchronized (jitter) {
      synchronized (rtcp) {
        report = rtcp.report(System.currentTimeMillis(), System.nanoTime(), sent, callerSsrc, reception);
      }
    }
    if (closed) return;
    try {
      rtcpSocket.orElse(socket).send(ByteBuffer.wrap(report), rtcpSocket.isPresent() ? rtcpRemote : remote);
      media.metrics().rtcpSent();
    } catch (IOException e) {
      if (!closed) LOG.debug("RTCP send failed: {}", e.toString());
    }
  }

  private void send(RtpPacket packet) {
    if (closed) return;
    try {
      socket.send(packet.toBuffer(), remote);
    } catch (IOException e) {
      if (!closed) LOG.debug("RTP send failed: {}", e.toString());
    }
  }

  /**
   * The caller's frames go to {@code next} from now on (a warm transfer holds them back, then
   * bridges them to the person; {@code frame -> {}} when the call is ending or a machine is left a
   * message: their packets are still received and counted); the one they went to before is returned.
   */
  Consumer<CallerFrame> hearing(Consumer<CallerFrame> next) {
    Consumer<CallerFrame> before = audio;
    audio = next;
    return before;
  }

  /** Plays a frame of {@code source} each 20 ms (none: stops), on the clock that sends the packets. */
  void play(Supplier<short[]> source) {
    played = source;
  }

  /** The bot's voice, 8 kHz; it goes out in 20 ms packets in place of the silence. */
  void send(short[] samples) {
    boolean queued = outgoing.speak(samples);
    if (!queued && !speechDropLogged) LOG.warn("the bot's audio comes faster than it plays: frames dropped");
    speechDropLogged |= !queued;
  }

  /** The bot stops at once (a barge-in): what was not sent yet is dropped; how many milliseconds of it. */
  long hush() {
    return outgoing.hush();
  }

  /** The bot presses {@code keys}: as telephone-events when the caller's latest offer names their type, else as tones. */
  void press(String keys) {
    outgoing.press(keys, telephoneEvent);
  }

  /** Whether the caller's latest offer names a telephone-event type, which the bot's keys can go as. */
  boolean takesKeyEvents() {
    return telephoneEvent >= 0;
  }

  /** When the caller's last packet came; now while their offer says they send nothing (a hold), which is no vanishing. */
  long lastHeardNanos() {
    return callerDirection.sends() ? lastHeardNanos : System.nanoTime();
  }

  /** How the caller's RTCP says the bot's audio reaches them; safe from any thread. */
  CallerReport callerReport() {
    synchronized (rtcp) {
      return rtcp.caller();
    }
  }

  /** How the caller's audio has arrived so far; safe from any thread. */
  RtpStats stats() {
    synchronized (jitter) {
      JitterBuffer.Counts played = jitter.counts();
      return new RtpStats(reception.received(), reception.lost(), played.late(), played.duplicates(), played.concealed(),
          reception.jitterMillis());
    }
  }

  /** The statistics since the last report to the metrics; a loss counts once it lasted a whole report (or the call ended). */
  private synchronized void report(boolean ending) {
    RtpStats now = stats();
    long settledLost = ending ? now.lost() : Math.min(now.lost(), lostAtLastReport);
    lostAtLastReport = now.lost();
    RtpStats counted = new RtpStats(now.received(), Math.max(settledLost, reported.lost()), now.late(),
        now.duplicates(), now.concealed(), now.jitterMillis());
    media.metrics().report(reported, counted);
    reported = counted;
  }

  private static void closeQuietly(DatagramChannel socket) {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing an RTP socket: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    stopTicking.run();
    stopReading.run();
    closeQuietly(socket);
    rtcpSocket.ifPresent(RtpChannel::closeQuietly);
    report(true);
    LOG.info("RTP of call {}: {}; as the caller reports: {}", name, stats(), callerReport());
  }
}
