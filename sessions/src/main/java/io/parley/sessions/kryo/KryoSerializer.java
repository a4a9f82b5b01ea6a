package io.parley.sessions.kryo;

import io.parley.core.KryoSerializable;
import io.parley.sessions.SessionUpdate;
import java.io.NotSerializableException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link KryoSerializable} messages (bound in reference.conf): the updates a
 * session pushes to subscribers on other nodes. Kryo's bytes carry no field names, so they are
 * only read by a node whose types have the same ids and shapes: the manifest is the class name and
 * the codec's fingerprint (the committed generation of {@link KryoRegistry} while every type keeps
 * its committed shape), and bytes from a node with another fingerprint are refused, never misread.
 * A type a later release added is refused by name on a node of the release before.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** Pekko reserves 0 to 40 for its own serializers. */
  public static final int IDENTIFIER = 4701;
  /** Every {@link KryoSerializable} type; what they contain is registered with them. */
  static final List<Class<?>> ROOTS = List.of(SessionUpdate.class);

  private final KryoCodec codec;
  private final Map<Class<?>, String> manifests;
  private final Map<String, Class<?>> types;

  public KryoSerializer(ExtendedActorSystem system) {
    this.codec = new KryoCodec(system, ROOTS, KryoRegistry.committed());
    this.manifests = codec.types().stream()
        .collect(Collectors.toMap(Function.identity(), type -> type.getName() + "@" + codec.fingerprint()));
    this.types = codec.types().stream().collect(Collectors.toMap(manifests::get, Function.identity()));
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    String manifest = manifests.get(message.getClass());
    if (manifest == null) {
      throw new IllegalArgumentException(message.getClass().getName()
          + " is not reachable from KryoSerializer.ROOTS: add its sealed interface there");
    }
    return manifest;
  }

  @Override
  public byte[] toBinary(Object message) {
    manifest(message);
    return codec.toBinary(message);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Class<?> type = types.get(manifest);
    if (type == null) {
      throw new NotSerializableException(manifest + " was written by a node whose Kryo types differ from this"
          + " node's (@" + codec.fingerprint() + "): a rolling update that changed them, or not a Kryo type");
    }
    return codec.fromBinary(bytes, type);
  }
}
