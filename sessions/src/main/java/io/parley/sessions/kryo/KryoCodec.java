package io.parley.sessions.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;

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
  private final Pool<Worker> workers;

  private record Worker(Kryo kryo, Output output) {}

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
    this.system = system;
    this.types = KryoTypes.reachableFrom(roots);
    this.ids = registry.idsOf(types, FIRST_ID + BUILT_IN_REGISTRATIONS);
    this.fingerprint = !registry.generation().isEmpty() && registry.keepsEveryShape(types)
        && registry.generation().equals(registry.fingerprintOfGeneration())
        ? registry.generation() : KryoTypes.fingerprint(types);
    this.workers = new Pool<>(true, false, POOL_SIZE) {
      @Override
      protected Worker create() {
        return new Worker(newKryo(), new Output(1024, -1));
      }
    };
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
    for (int i = 0; i < types.size(); i++) kryo.register(types.get(i), ids.get(i));
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
