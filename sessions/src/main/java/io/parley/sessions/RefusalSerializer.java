package io.parley.sessions;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Writes a {@link Refusal} (the error of a {@code StatusReply} between nodes) as its code, message and
 * retry hint, nothing else: an exception has no stack trace worth sending, and Pekko would otherwise
 * need Java serialization for it. Bound in reference.conf.
 */
public final class RefusalSerializer extends SerializerWithStringManifest {
  /** Pekko reserves 0 to 40 for its own serializers; 4701 is the Kryo serializer's. */
  public static final int IDENTIFIER = 4702;
  private static final String MANIFEST = "refusal";
  private static final long NO_RETRY_HINT = -1;

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return MANIFEST;
  }

  @Override
  public byte[] toBinary(Object message) {
    Refusal refusal = (Refusal) message;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(refusal.code().wireName());
      out.writeUTF(refusal.getMessage());
      out.writeLong(refusal.retryAfterMs().orElse(NO_RETRY_HINT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!MANIFEST.equals(manifest)) throw new NotSerializableException("unknown manifest " + manifest);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      ErrorCode code = ErrorCode.valueOf(in.readUTF().toUpperCase(java.util.Locale.ROOT));
      String text = in.readUTF();
      long retryAfterMs = in.readLong();
      return new Refusal(code, text, retryAfterMs == NO_RETRY_HINT ? Optional.empty() : Optional.of(retryAfterMs));
    } catch (IOException | IllegalArgumentException e) {
      throw new NotSerializableException("not a refusal: " + e.getMessage());
    }
  }
}
