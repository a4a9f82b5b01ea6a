package io.parley.voice.phone;

import io.parley.core.phone.RtpPacket;
import io.parley.core.voice.G711;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP: a UDP port of its own from the configured range, G.711 (μ-law or A-law) at
 * 8 kHz in 20 ms packets, RFC 4733 digits. Symmetric: audio goes back to wherever the caller's
 * audio comes from (NAT), the SDP address only until the first packet; packets from anywhere else
 * after that are dropped. A thread per call reads the socket; {@link #lastHeardNanos()} tells the
 * call when the caller went silent at the network level.
 */
final class RtpChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpChannel.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int PCMU = 0;
  static final int PCMA = 8;
  private static final int SAMPLES_PER_PACKET = 160;

  private final DatagramSocket socket;
  private final int codec;
  private final int telephoneEvent;
  private final long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
  private int sequence = RANDOM.nextInt(0x10000);
  private long timestamp = RANDOM.nextInt() & 0xFFFFFFFFL;
  private volatile SocketAddress remote;
  private volatile boolean latched;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean closed;
  private long lastDigitTimestamp = -1;

  private RtpChannel(DatagramSocket socket, SocketAddress remote, int codec, int telephoneEvent) {
    this.socket = socket;
    this.remote = remote;
    this.codec = codec;
    this.telephoneEvent = telephoneEvent;
  }

  /** A channel on the first free port of {@code from..to} on {@code bind}, sending to the offer's address first. */
  static RtpChannel open(InetAddress bind, int from, int to, InetSocketAddress offered, int codec, int telephoneEvent) {
    for (int port = from; port <= to; port += 2) {
      try {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(bind, port));
        socket.setSoTimeout(500);
        return new RtpChannel(socket, offered, codec, telephoneEvent);
      } catch (SocketException taken) {
        // the next even port
      }
    }
    throw new UncheckedIOException(new IOException("no free RTP port in " + from + ".." + to));
  }

  int localPort() {
    return socket.getLocalPort();
  }

  /** Starts reading: the caller's audio (8 kHz PCM16, 20 ms) to {@code audio}, its keypad digits to {@code digits}. */
  void start(String name, Consumer<short[]> audio, Consumer<Character> digits) {
    Thread reader = new Thread(() -> read(audio, digits), "rtp-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Consumer<short[]> audio, Consumer<Character> digits) {
    byte[] buffer = new byte[2048];
    DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
    boolean strangerLogged = false;
    while (!closed) {
      try {
        socket.receive(datagram);
      } catch (SocketTimeoutException quiet) {
        continue;
      } catch (IOException e) {
        if (!closed) LOG.warn("RTP socket failed: {}", e.toString());
        return;
      }
      SocketAddress from = datagram.getSocketAddress();
      if (latched && !from.equals(remote)) {
        if (!strangerLogged) LOG.warn("RTP from an unexpected address {} dropped", from);
        strangerLogged = true;
        continue;
      }
      RtpPacket.parse(buffer, datagram.getLength()).ifPresent(packet -> {
        if (!latched) {
          remote = from;
          latched = true;
        }
        lastHeardNanos = System.nanoTime();
        if (packet.payloadType() == codec) {
          audio.accept(codec == PCMU ? G711.ulawDecode(packet.payload()) : G711.alawDecode(packet.payload()));
        } else if (packet.payloadType() == telephoneEvent && packet.payload().length >= 4) {
          digit(packet).ifPresent(digits);
        }
      });
    }
  }

  /** RFC 4733: one digit per event, reported when its end packet first arrives (ends are sent three times). */
  private Optional<Character> digit(RtpPacket packet) {
    boolean end = (packet.payload()[1] & 0x80) != 0;
    if (!end || packet.timestamp() == lastDigitTimestamp) return Optional.empty();
    lastDigitTimestamp = packet.timestamp();
    int event = packet.payload()[0] & 0xFF;
    String keys = "0123456789*#ABCD";
    return event < keys.length() ? Optional.of(keys.charAt(event)) : Optional.empty();
  }

  /** 20 ms of the bot's voice at 8 kHz; called from one thread at a time. */
  void send(short[] samples) {
    if (closed) return;
    for (int offset = 0; offset < samples.length; offset += SAMPLES_PER_PACKET) {
      short[] frame = Arrays.copyOfRange(samples, offset, Math.min(offset + SAMPLES_PER_PACKET, samples.length));
      byte[] payload = codec == PCMU ? G711.ulawEncode(frame) : G711.alawEncode(frame);
      byte[] bytes = new RtpPacket(codec, false, sequence, timestamp, ssrc, payload).toBytes();
      sequence = (sequence + 1) & 0xFFFF;
      timestamp = (timestamp + frame.length) & 0xFFFFFFFFL;
      try {
        socket.send(new DatagramPacket(bytes, bytes.length, remote));
      } catch (IOException e) {
        if (!closed) LOG.debug("RTP send failed: {}", e.toString());
      }
    }
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
  }
}
