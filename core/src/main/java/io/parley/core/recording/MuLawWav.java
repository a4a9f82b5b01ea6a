package io.parley.core.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A recording's file: 8 kHz mono G.711 μ-law in a WAV container (format 7), 8 kB a second, the
 * telephone's own coding, which every browser's audio element plays. When the recording began
 * goes in the file's {@code LIST/INFO/ICRD} chunk (creation date), to the millisecond, so a player
 * can seek to a message by its time.
 */
public final class MuLawWav {
  public static final int RATE = 8000;
  private static final short FORMAT_MULAW = 7;

  private MuLawWav() {}

  public static byte[] of(byte[] ulaw, Instant started) {
    byte[] date = (started.toString() + "\0").getBytes(StandardCharsets.US_ASCII);
    int datePadded = date.length + (date.length & 1);
    int listSize = 4 + 8 + datePadded;
    int size = 4 + (8 + 18) + (8 + 4) + (8 + listSize) + (8 + ulaw.length + (ulaw.length & 1));
    ByteBuffer wav = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(ascii("RIFF")).putInt(size).put(ascii("WAVE"));
    wav.put(ascii("fmt ")).putInt(18).putShort(FORMAT_MULAW).putShort((short) 1).putInt(RATE).putInt(RATE)
        .putShort((short) 1).putShort((short) 8).putShort((short) 0);
    // Non-PCM formats carry a fact chunk with their sample count.
    wav.put(ascii("fact")).putInt(4).putInt(ulaw.length);
    wav.put(ascii("LIST")).putInt(listSize).put(ascii("INFO")).put(ascii("ICRD")).putInt(date.length).put(date);
    if ((date.length & 1) == 1) wav.put((byte) 0);
    wav.put(ascii("data")).putInt(ulaw.length).put(ulaw);
    return wav.array();
  }

  /** When the recording in {@code wav} began, if it is one of these files. */
  public static Optional<Instant> started(byte[] wav) {
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || !chunkIs(wav, 0, "RIFF") || !chunkIs(wav, 8, "WAVE")) return Optional.empty();
    int at = 12;
    while (at + 8 <= wav.length) {
      int length = in.getInt(at + 4);
      if (length < 0 || at + 8L + length > wav.length) return Optional.empty();
      if (chunkIs(wav, at, "LIST") && length >= 12 && chunkIs(wav, at + 8, "INFO") && chunkIs(wav, at + 12, "ICRD")) {
        int dateLength = in.getInt(at + 16);
        if (dateLength < 1 || at + 20L + dateLength > wav.length) return Optional.empty();
        String date = new String(wav, at + 20, dateLength, StandardCharsets.US_ASCII).replace("\0", "");
        try {
          return Optional.of(Instant.parse(date));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
      at += 8 + length + (length & 1);
    }
    return Optional.empty();
  }

  private static boolean chunkIs(byte[] wav, int at, String id) {
    return at + 4 <= wav.length && new String(wav, at, 4, StandardCharsets.US_ASCII).equals(id);
  }

  private static byte[] ascii(String id) {
    return id.getBytes(StandardCharsets.US_ASCII);
  }
}
