package io.parley.sessions.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** How the Kryo codec writes the interfaces records hold: lists, maps and actor references. */
final class ValueSerializers {
  private ValueSerializers() {}

  /** Any list, read back as an immutable {@code List}. */
  static final class Lists extends Serializer<List<?>> {
    Lists() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<?> list) {
      output.writeVarInt(list.size(), true);
      for (Object element : list) kryo.writeClassAndObject(output, element);
    }

    @Override
    public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
      Object[] elements = new Object[input.readVarInt(true)];
      for (int i = 0; i < elements.length; i++) elements[i] = kryo.readClassAndObject(input);
      return List.of(elements);
    }
  }

  /** Any map, read back as an immutable {@code Map}. */
  static final class Maps extends Serializer<Map<?, ?>> {
    Maps() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<?, ?> map) {
      output.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
      int size = input.readVarInt(true);
      Map<Object, Object> map = new HashMap<>(size * 2);
      for (int i = 0; i < size; i++) map.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
      return Map.copyOf(map);
    }
  }

  /**
   * An actor reference as its path with the node's address, resolved on the receiving node: what
   * Pekko's own serializers write (see {@code ActorRefResolver}).
   */
  static final class ActorRefs extends Serializer<ActorRef<?>> {
    private final ExtendedActorSystem system;

    ActorRefs(ExtendedActorSystem system) {
      super(false, true);
      this.system = system;
    }

    @Override
    public void write(Kryo kryo, Output output, ActorRef<?> ref) {
      output.writeString(Adapter.toClassic(ref).path().toSerializationFormatWithAddress(
          system.provider().getDefaultAddress()));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
      return Adapter.toTyped(system.provider().resolveActorRef(input.readString()));
    }
  }
}
