package io.parley.voice.media;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * An RTP packet (RFC 3550) as a G.711 call uses it: version 2, no padding or extension handling
 * beyond skipping them, CSRCs skipped, the payload after the header.
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
  private static final int HEADER = 12;

  /** Parses a datagram; empty for anything that is not RTP version 2 with a whole header. */
  public static Optional<RtpPacket> parse(byte[] data, int length) {
    if (length < HEADER || (data[0] & 0xC0) != 0x80) return Optional.empty();
    int csrcs = data[0] & 0x0F;
    int offset = HEADER + 4 * csrcs;
    if ((data[0] & 0x10) != 0) {
      if (length < offset + 4) return Optional.empty();
      offset += 4 + 4 * (((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF));
    }
    int end = length;
    if ((data[0] & 0x20) != 0 && length > offset) end -= data[length - 1] & 0xFF;
    if (offset > end) return Optional.empty();
    ByteBuffer header = ByteBuffer.wrap(data, 0, HEADER);
    header.get();
    int second = header.get() & 0xFF;
    int sequence = header.getShort() & 0xFFFF;
    long timestamp = header.getInt() & 0xFFFFFFFFL;
    long ssrc = header.getInt() & 0xFFFFFFFFL;
    return Optional.of(new RtpPacket(second & 0x7F, (second & 0x80) != 0, sequence, timestamp, ssrc,
        Arrays.copyOfRange(data, offset, end)));
  }

  public byte[] toBytes() {
    return toBuffer().array();
  }

  /** The packet on the wire, ready to be sent (position 0, limit its length). */
  public ByteBuffer toBuffer() {
    ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length);
    out.put((byte) 0x80);
    out.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
    out.putShort((short) sequence);
    out.putInt((int) timestamp);
    out.putInt((int) ssrc);
    out.put(payload);
    return out.flip();
  }
}
