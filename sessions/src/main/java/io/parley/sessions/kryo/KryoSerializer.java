package io.parley.sessions.kryo;

import io.parley.core.KryoSerializable;
import io.parley.sessions.SessionUpdate;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link KryoSerializable} messages (bound in reference.conf): the updates a
 * session pushes to subscribers on other nodes. The manifest is the class name; the bytes are
 * Kryo's, valid only between nodes running the same code (docs/performance.md).
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** Pekko reserves 0 to 40 for its own serializers. */
  public static final int IDENTIFIER = 4701;
  /** Every {@link KryoSerializable} type; what they contain is registered with them. */
  static final List<Class<?>> ROOTS = List.of(SessionUpdate.class);

  private final KryoCodec codec;

  public KryoSerializer(ExtendedActorSystem system) {
    this.codec = new KryoCodec(system, ROOTS);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return message.getClass().getName();
  }

  @Override
  public byte[] toBinary(Object message) {
    if (codec.type(message.getClass().getName()).isEmpty()) {
      throw new IllegalArgumentException(message.getClass().getName()
          + " is not reachable from KryoSerializer.ROOTS: add its sealed interface there");
    }
    return codec.toBinary(message);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Class<?> type = codec.type(manifest)
        .orElseThrow(() -> new NotSerializableException("no Kryo type " + manifest + " on this node"));
    return codec.fromBinary(bytes, type);
  }
}
