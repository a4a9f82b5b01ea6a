package io.parley.sessions.kryo;

import io.parley.core.KryoDocument;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The concrete classes Kryo must know to write a closed family of types: the records and enums
 * reachable from the roots through sealed interfaces and record components (type arguments of
 * lists, maps and optionals included), in a fixed order. A {@link KryoDocument} is registered but
 * not entered: what it holds is written by Jackson. Both ends of a connection derive the
 * same order from the same code, so Kryo's numeric class ids agree without a hand-kept list.
 */
final class KryoTypes {
  /** Written by Kryo's own serializers or by the codec's: nothing to register for them here. */
  private static final Set<Class<?>> BUILT_IN = Set.of(String.class, Long.class, Integer.class, Boolean.class,
      Double.class, long.class, int.class, boolean.class, double.class, Instant.class, Optional.class, List.class,
      Map.class, ActorRef.class);

  /** The shape of a {@link KryoDocument} type: its fields are in its document, not in Kryo's bytes. */
  static final String DOCUMENT = "jackson-cbor document";

  private KryoTypes() {}

  /**
   * A short digest of what Kryo's bytes depend on: the registered classes in order, each record's
   * components (names and types) and each enum's constants. Two nodes with the same fingerprint
   * read each other's bytes; a rolling update that changed any of these types changes it.
   */
  static String fingerprint(List<Class<?>> types) {
    return fingerprintOf(types.stream().map(type -> Map.entry(type.getName(), shape(type))).toList());
  }

  /** As {@link #fingerprint(List)}, of types given by name and {@link #shape}, as a committed list names them. */
  static String fingerprintOf(List<Map.Entry<String, String>> shapes) {
    CRC32 crc = new CRC32();
    for (Map.Entry<String, String> type : shapes) {
      String shape = type.getValue();
      crc.update((type.getKey() + (shape.isEmpty() ? "" : " " + shape) + ";").getBytes(StandardCharsets.UTF_8));
    }
    return String.format("%08x", crc.getValue());
  }

  /**
   * What Kryo's bytes of a type depend on: a record's components (names and types), an enum's
   * constants; for a {@link KryoDocument}, only that it is one.
   */
  static String shape(Class<?> type) {
    return type.isAnnotationPresent(KryoDocument.class) ? DOCUMENT : componentsOf(type);
  }

  /** A record's components (names and types) or an enum's constants, as a line of the committed list names them. */
  static String componentsOf(Class<?> type) {
    List<String> parts = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        parts.add(component.getName() + ':' + component.getGenericType().getTypeName());
      }
    } else {
      for (Object constant : type.getEnumConstants()) parts.add(constant.toString());
    }
    return String.join(" ", parts);
  }

  static List<Class<?>> reachableFrom(List<Class<?>> roots) {
    Set<Class<?>> found = new LinkedHashSet<>();
    roots.forEach(root -> visit(root, found, new LinkedHashSet<>()));
    return new ArrayList<>(found);
  }

  private static void visit(Type type, Set<Class<?>> found, Set<Type> seen) {
    if (!seen.add(type)) return;
    if (type instanceof ParameterizedType parameterized) {
      // Only an ActorRef's path is written, never the protocol it accepts.
      if (parameterized.getRawType() == ActorRef.class) return;
      visit(parameterized.getRawType(), found, seen);
      for (Type argument : parameterized.getActualTypeArguments()) visit(argument, found, seen);
      return;
    }
    if (!(type instanceof Class<?> cls)) throw unsupported(type);
    if (BUILT_IN.contains(cls)) return;
    if (cls.isEnum() || cls.isAnnotationPresent(KryoDocument.class)) {
      found.add(cls);
    } else if (cls.isRecord()) {
      found.add(cls);
      for (RecordComponent component : cls.getRecordComponents()) visit(component.getGenericType(), found, seen);
    } else if (cls.isSealed()) {
      for (Class<?> permitted : cls.getPermittedSubclasses()) visit(permitted, found, seen);
    } else {
      throw unsupported(type);
    }
  }

  private static IllegalArgumentException unsupported(Type type) {
    return new IllegalArgumentException("Kryo cannot write " + type.getTypeName() + ": only records, enums, sealed"
        + " interfaces of them, strings, numbers, Instant, Optional, List, Map and ActorRef are supported");
  }
}
