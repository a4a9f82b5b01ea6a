package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket client over a plain TCP socket that writes whatever frames a test asks for, masked
 * or not, valid or not, and reads the server's frames byte for byte: what Autobahn|Testsuite's
 * fuzzing client does, for the port's conformance tests.
 */
public final class RawSocket implements AutoCloseable {
  public static final int FIN = WebSocketFrames.FIN;
  public static final int CONTINUATION = WebSocketFrames.CONTINUATION;
  public static final int TEXT = WebSocketFrames.TEXT;
  public static final int BINARY = WebSocketFrames.BINARY;
  public static final int CLOSE = WebSocketFrames.CLOSE;
  public static final int PING = WebSocketFrames.PING;
  public static final int PONG = WebSocketFrames.PONG;
  public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

  /** A frame the server wrote. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawSocket(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) WAIT.toMillis());
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** A connection to the node's port, nothing sent yet. */
  public static RawSocket connect(int port) throws IOException {
    return new RawSocket(new Socket("127.0.0.1", port));
  }

  /**
   * A connection to the node's port from {@code localAddress} (any of 127.0.0.0/8: each is a
   * client address of its own), nothing sent yet.
   */
  public static RawSocket connectFrom(String localAddress, int port) throws IOException {
    return new RawSocket(new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(localAddress), 0));
  }

  /** A socket on {@code path} of the node: the handshake sent, its 101 read. */
  public static RawSocket open(int port, String path, String... extraHeaders) throws IOException {
    RawSocket socket = connect(port);
    socket.write(handshake(path, extraHeaders));
    String head = socket.readHead();
    assertTrue(head.startsWith("HTTP/1.1 101 "), head);
    return socket;
  }

  public static String handshake(String path, String... extraHeaders) {
    StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
    for (String header : extraHeaders) head.append(header).append("\r\n");
    return head.append("\r\n").toString();
  }

  public void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One frame as a client writes it (masked with a random key); {@code firstByte} holds FIN, RSV and the opcode. */
  public void send(int firstByte, byte[] payload) throws IOException {
    write(frame(firstByte, payload, true));
  }

  public void send(int firstByte, String text) throws IOException {
    send(firstByte, text.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] frame(int firstByte, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(firstByte);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(maskBit | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift));
    }
    byte[] key = new byte[4];
    ThreadLocalRandom.current().nextBytes(key);
    if (masked) frame.writeBytes(key);
    for (int i = 0; i < payload.length; i++) frame.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
    return frame.toByteArray();
  }

  public static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = Arrays.copyOf(new byte[] {(byte) (code >>> 8), (byte) code}, 2 + text.length);
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  /** A GET of {@code path} on this connection, which stays open: the response's head and body. */
  public String get(String path) throws IOException {
    write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return readResponse();
  }

  /** The next response on this connection: its head and its body of {@code Content-Length} bytes. */
  public String readResponse() throws IOException {
    String head = readHead();
    Matcher length = CONTENT_LENGTH.matcher(head);
    byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
    return head + new String(body, StandardCharsets.UTF_8);
  }

  /** The response head, up to its blank line. */
  public String readHead() throws IOException {
    return readHead(in);
  }

  /** The response head on {@code in}, up to its blank line (or what came before the end). */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) break;
      head.append((char) b);
    }
    return head.toString();
  }

  public Frame next() throws IOException {
    int first = readByte();
    int second = readByte();
    assertEquals(0, second & 0x80, "a server's frames are not masked");
    long length = second & 0x7F;
    int lengthBytes = length == 126 ? 2 : length == 127 ? 8 : 0;
    if (lengthBytes > 0) {
      length = 0;
      for (int i = 0; i < lengthBytes; i++) length = (length << 8) | readByte();
    }
    return new Frame((first & FIN) != 0, first & 0x0F, in.readNBytes((int) length));
  }

  /** The next frame that is not a keep-alive ping of the server's. */
  public Frame nextData() throws IOException {
    Frame frame = next();
    while (frame.opcode() == PING) frame = next();
    return frame;
  }

  /** The server's close with {@code code}, then the end of the connection. */
  public void expectClose(int code) throws IOException {
    Frame close = nextData();
    assertEquals(CLOSE, close.opcode(), "a close, not " + close);
    assertEquals(code, close.closeCode(), close.text());
    expectEnd();
  }

  public void expectEnd() throws IOException {
    assertEquals(-1, in.read(), "the connection closes");
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) throw new IOException("the connection ended mid-frame");
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
