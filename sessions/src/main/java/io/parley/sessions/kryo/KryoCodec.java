package io.parley.sessions.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.parley.core.KryoDocument;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * Kryo 5 for a closed family of record types ({@link KryoTypes}): registration required, so bytes
 * from elsewhere can only name these classes; no reference tracking, records have no cycles.
 * Kryo instances are not thread-safe, so each call borrows one (with its output buffer) from a pool.
 */
public final class KryoCodec {
  /** Our ids start past the ones Kryo gives its own default registrations (primitives, String: 0 to 9). */
  private static final int FIRST_ID = 20;
  /** Optional, Instant, List, Map and ActorRef, registered first. */
  private static final int BUILT_IN_REGISTRATIONS = 5;
  private static final int POOL_SIZE = 16;

  private final List<Class<?>> types;
  private final List<Integer> ids;
  private final String fingerprint;
  private final ExtendedActorSystem system;
  private final Map<Class<?>, Serializer<?>> serializers;
  private final Pool<Worker> workers;

  private record Worker(Kryo kryo, Output output) {}

  /** The types a codec registers, their ids, its manifests' fingerprint and the types Kryo's default serializers do not write. */
  private record Layout(List<Class<?>> types, List<Integer> ids, String fingerprint,
      Map<Class<?>, Serializer<?>> serializers) {
    static Layout of(ExtendedActorSystem system, List<Class<?>> types, KryoRegistry registry) {
      String fingerprint = !registry.generation().isEmpty() && registry.keepsEveryShape(types)
          && registry.generation().equals(registry.fingerprintOfGeneration())
          ? registry.generation() : KryoTypes.fingerprint(types);
      return new Layout(types, registry.idsOf(types, FIRST_ID + BUILT_IN_REGISTRATIONS), fingerprint,
          documentSerializers(system, types));
    }
  }

  /** A codec of types no release has committed: ids in the order they are found (benchmarks' own). */
  public KryoCodec(ExtendedActorSystem system, List<Class<?>> roots) {
    this(system, roots, KryoRegistry.none());
  }

  /**
   * A codec whose ids are the committed ones of {@code registry}; its fingerprint is the
   * registry's generation while every committed type keeps its shape, so a release that only
   * added types reads and is read by the previous one.
   */
  public KryoCodec(ExtendedActorSystem system, List<Class<?>> roots, KryoRegistry registry) {
    this(system, Layout.of(system, KryoTypes.reachableFrom(roots), registry));
  }

  private KryoCodec(ExtendedActorSystem system, Layout layout) {
    this.system = system;
    this.types = layout.types();
    this.ids = layout.ids();
    this.fingerprint = layout.fingerprint();
    this.serializers = layout.serializers();
    this.workers = new Pool<>(true, false, POOL_SIZE) {
      @Override
      protected Worker create() {
        return new Worker(newKryo(), new Output(1024, -1));
      }
    };
  }

  /**
   * The codec of an earlier generation, {@code earlier} being its committed list: its ids, its
   * manifests, and each type in the shape that list gives it, so a node of the release that
   * wrote that generation reads what this one writes, and this one reads it. A record that has
   * gained components since is written without them ({@link EarlierShape}).
   */
  public static KryoCodec earlierGeneration(ExtendedActorSystem system, KryoRegistry earlier) {
    List<KryoRegistry.Entry> entries = earlier.entries().values().stream()
        .sorted(java.util.Comparator.comparingInt(KryoRegistry.Entry::id)).toList();
    List<Class<?>> types = entries.stream().<Class<?>>map(entry -> classNamed(entry.type())).toList();
    Map<Class<?>, Serializer<?>> serializers = new HashMap<>();
    for (int i = 0; i < types.size(); i++) {
      Class<?> type = types.get(i);
      String shape = entries.get(i).shape();
      if (type.isRecord() && !KryoTypes.componentsOf(type).equals(shape)) serializers.put(type, new EarlierShape<>(type, shape));
    }
    return new KryoCodec(system, new Layout(types, entries.stream().map(KryoRegistry.Entry::id).toList(),
        earlier.generation(), serializers));
  }

  private static Class<?> classNamed(String name) {
    try {
      return Class.forName(name, false, KryoCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + ", of an earlier Kryo generation, is gone: it may be removed from the"
          + " code only with the generation's list", e);
    }
  }

  private static Map<Class<?>, Serializer<?>> documentSerializers(ExtendedActorSystem system, List<Class<?>> types) {
    List<Class<?>> documents = types.stream().filter(type -> type.isAnnotationPresent(KryoDocument.class)).toList();
    if (documents.isEmpty()) return Map.of();
    DocumentSerializer serializer = new DocumentSerializer(JacksonObjectMapperProvider.get(system)
        .getOrCreate("jackson-cbor", Optional.of(new CBORFactory())));
    return documents.stream().collect(Collectors.toMap(type -> type, type -> serializer));
  }

  /** The records and enums reachable from the roots, which this codec writes and reads. */
  public List<Class<?>> types() {
    return types;
  }

  /** Equal on two nodes only when they write these types alike (see {@link KryoTypes#fingerprint}, {@link KryoRegistry}). */
  public String fingerprint() {
    return fingerprint;
  }

  public byte[] toBinary(Object value) {
    Worker worker = workers.obtain();
    try {
      worker.output().reset();
      worker.kryo().writeObject(worker.output(), value);
      return worker.output().toBytes();
    } finally {
      workers.free(worker);
    }
  }

  public <T> T fromBinary(byte[] bytes, Class<T> type) {
    Worker worker = workers.obtain();
    try {
      return worker.kryo().readObject(new Input(bytes), type);
    } finally {
      workers.free(worker);
    }
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new AbstractionResolver(), new MapReferenceResolver());
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    int id = FIRST_ID;
    kryo.register(Optional.class, id++);
    kryo.register(Instant.class, id++);
    kryo.register(List.class, new ValueSerializers.Lists(), id++);
    kryo.register(Map.class, new ValueSerializers.Maps(), id++);
    kryo.register(ActorRef.class, new ValueSerializers.ActorRefs(system), id++);
    if (id != FIRST_ID + BUILT_IN_REGISTRATIONS) throw new IllegalStateException("built-in registrations miscounted");
    for (int i = 0; i < types.size(); i++) {
      Serializer<?> serializer = serializers.get(types.get(i));
      if (serializer == null) {
        kryo.register(types.get(i), ids.get(i));
      } else {
        kryo.register(types.get(i), serializer, ids.get(i));
      }
    }
    return kryo;
  }

  /**
   * Writes every implementation of {@code List}, {@code Map} and {@code ActorRef} under the one
   * registration of the interface: whether a record holds a {@code List.of}, a sublist or an
   * {@code ArrayList} is no part of its value, and the receiving side gets an immutable copy.
   */
  private static final class AbstractionResolver extends DefaultClassResolver {
    private static final List<Class<?>> ABSTRACTIONS = List.of(List.class, Map.class, ActorRef.class);

    @Override
    public Registration getRegistration(Class type) {
      Registration exact = super.getRegistration(type);
      if (exact != null) return exact;
      for (Class<?> abstraction : ABSTRACTIONS) {
        if (abstraction.isAssignableFrom(type)) return super.getRegistration(abstraction);
      }
      return null;
    }
  }
}
