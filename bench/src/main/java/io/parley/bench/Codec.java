package io.parley.bench;

import com.typesafe.config.ConfigFactory;
import io.parley.sessions.kryo.KryoCodec;
import java.io.NotSerializableException;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/** One way of turning a value into bytes and back: the configured jackson-cbor serializer, or Kryo. */
interface Codec {
  byte[] write(Object value);

  Object read(byte[] bytes);

  /** The codec that writes with {@code writing} and reads with {@code reading}. */
  static Codec of(Function<Object, byte[]> writing, Function<byte[], Object> reading) {
    return new Codec() {
      @Override
      public byte[] write(Object value) {
        return writing.apply(value);
      }

      @Override
      public Object read(byte[] bytes) {
        return reading.apply(bytes);
      }
    };
  }

  /**
   * The node's configuration, except that the Kryo marker is bound to jackson-cbor as it was before
   * Kryo was measured: Pekko's Jackson serializer only writes classes bound to it.
   */
  static ActorSystem actorSystem(String name) {
    return ActorSystem.create(name, ConfigFactory
        .parseString("pekko.actor.serialization-bindings { \"io.parley.core.KryoSerializable\" = jackson-cbor }")
        .withFallback(ReferenceConfig.load()));
  }

  /**
   * jackson-cbor as the node's configuration binds it (sessions' reference.conf: CborSerializable,
   * map entries ordered by key), called as Pekko calls it; or Parley's {@link KryoCodec} with the
   * payloads' families registered.
   */
  static Codec named(String name, ExtendedActorSystem system, Object sample) {
    return switch (name) {
      case "jackson-cbor" -> {
        var serializer = (SerializerWithStringManifest) SerializationExtension.get(system).findSerializerFor(sample);
        if (!serializer.getClass().getSimpleName().contains("Jackson")) {
          throw new IllegalStateException(sample.getClass() + " is bound to " + serializer.getClass());
        }
        String manifest = serializer.manifest(sample);
        yield of(serializer::toBinary, bytes -> {
          try {
            return serializer.fromBinary(bytes, manifest);
          } catch (NotSerializableException e) {
            throw new IllegalStateException(e);
          }
        });
      }
      case "kryo" -> {
        // Registered from the payload's own type: the families whole reach values Kryo does not write (a form's
        // answers, JSON, in an approval's event), which no node sends it.
        Class<?> type = sample.getClass();
        KryoCodec kryo = new KryoCodec(system, List.of(type));
        yield of(kryo::toBinary, bytes -> kryo.fromBinary(bytes, type));
      }
      default -> throw new IllegalArgumentException("no codec " + name + "; known: jackson-cbor, kryo");
    };
  }
}
