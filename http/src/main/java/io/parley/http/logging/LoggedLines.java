package io.parley.http.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * An output stream whose printed text becomes log entries of one logger: what a library prints then
 * reaches the log in the node's format (and its masking) instead of standing as plain text among the
 * JSON lines. Under an auto-flushing {@link java.io.PrintStream} each {@code println} is one entry,
 * however many lines it holds (an error and its stack trace stay together); a line not ended waits
 * for its end. An entry is at the level its text begins with, as Pekko's standard-out logger writes
 * it ({@code [ERROR]}, {@code [WARN]}, {@code [DEBUG]}), otherwise at info. Text longer than
 * {@link #LONGEST} bytes is logged in parts.
 */
public final class LoggedLines extends OutputStream {
  static final int LONGEST = 16 * 1024;

  private final Logger logger;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  public LoggedLines(Logger logger) {
    this.logger = logger;
  }

  @Override
  public synchronized void write(int b) {
    if (printed.size() == LONGEST) logPart();
    printed.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) write(bytes[i]);
  }

  /** Logs what was printed up to its last line's end. */
  @Override
  public synchronized void flush() {
    byte[] bytes = printed.toByteArray();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') end--;
    if (end > 0) logUpTo(bytes, end);
  }

  @Override
  public synchronized void close() {
    log(printed.toByteArray());
    printed.reset();
  }

  /** What is printed has reached the longest entry: all of it but a character cut in two. */
  private void logPart() {
    byte[] bytes = printed.toByteArray();
    int end = bytes.length;
    // A UTF-8 continuation byte (10xxxxxx) stays with the character it continues.
    while (end > 1 && (bytes[end - 1] & 0xC0) == 0x80) end--;
    if ((bytes[end - 1] & 0xC0) == 0xC0) end--;
    if (end == 0) end = bytes.length;
    logUpTo(bytes, end);
  }

  /** Logs the printed {@code bytes} before {@code end}, keeping the rest for the next entry. */
  private void logUpTo(byte[] bytes, int end) {
    log(Arrays.copyOf(bytes, end));
    printed.reset();
    printed.write(bytes, end, bytes.length - end);
  }

  private void log(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
    if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
    if (text.isBlank()) return;
    logger.atLevel(levelOf(text)).log(text);
  }

  private static Level levelOf(String text) {
    if (text.startsWith("[ERROR]")) return Level.ERROR;
    if (text.startsWith("[WARN]")) return Level.WARN;
    if (text.startsWith("[DEBUG]")) return Level.DEBUG;
    return Level.INFO;
  }
}
