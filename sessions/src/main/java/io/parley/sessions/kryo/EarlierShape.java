package io.parley.sessions.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A record as an earlier release wrote it, when it has gained components since: the components
 * of the earlier line only, in the order Kryo's own {@code RecordSerializer} writes them (by name)
 * and each as it writes it, so that release reads the bytes. Components it did not have are read
 * back as absent (empty, zero, false), as a journal's reader takes a field an older node did not write.
 */
final class EarlierShape<T> extends Serializer<T> {
  /** A component's name in a shape line: a word before a colon (type names hold no colon). */
  private static final Pattern NAME = Pattern.compile("(?:^| )([A-Za-z_$][\\w$]*):");

  private final RecordComponent[] written;
  /** Where each written component sits among the record's, for its canonical constructor. */
  private final int[] positions;
  private final Constructor<T> canonical;
  private final Object[] absent;

  EarlierShape(Class<T> type, String earlierShape) {
    super(false, true);
    RecordComponent[] components = type.getRecordComponents();
    Map<String, String> earlier = componentsOf(earlierShape);
    this.written = Arrays.stream(components).filter(component -> earlier.containsKey(component.getName()))
        .sorted(Comparator.comparing(RecordComponent::getName)).toArray(RecordComponent[]::new);
    for (RecordComponent component : written) {
      if (!earlier.get(component.getName()).equals(component.getGenericType().getTypeName())) {
        throw new IllegalStateException(type.getName() + "." + component.getName() + " changed its type since "
            + earlier.get(component.getName()) + ": only components added since an earlier shape can be left out");
      }
    }
    if (written.length != earlier.size()) {
      throw new IllegalStateException(type.getName() + " lost a component of its earlier shape " + earlierShape);
    }
    this.positions = Arrays.stream(written).mapToInt(component -> Arrays.asList(components).indexOf(component)).toArray();
    this.absent = Arrays.stream(components).map(component -> absentValue(component.getType())).toArray();
    try {
      this.canonical = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
          .toArray(Class<?>[]::new));
      canonical.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
    }
  }

  @Override
  public void write(Kryo kryo, Output output, T record) {
    for (RecordComponent component : written) {
      Class<?> type = component.getType();
      Object value = valueOf(component, record);
      if (type.isPrimitive()) {
        kryo.writeObject(output, value);
      } else if (kryo.isFinal(type)) {
        kryo.writeObjectOrNull(output, value, type);
      } else {
        kryo.writeClassAndObject(output, value);
      }
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> type) {
    Object[] values = absent.clone();
    for (int i = 0; i < written.length; i++) {
      Class<?> componentType = written[i].getType();
      values[positions[i]] = componentType.isPrimitive() ? kryo.readObject(input, componentType)
          : kryo.isFinal(componentType) ? kryo.readObjectOrNull(input, componentType) : kryo.readClassAndObject(input);
    }
    try {
      return canonical.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new KryoException("could not build " + type.getName() + " from its earlier shape", e);
    }
  }

  /** A shape line's components: each name and its type's name. */
  static Map<String, String> componentsOf(String shape) {
    Map<String, String> components = new LinkedHashMap<>();
    Matcher matcher = NAME.matcher(shape);
    String name = null;
    int from = 0;
    while (matcher.find()) {
      if (name != null) components.put(name, shape.substring(from, matcher.start()));
      name = matcher.group(1);
      from = matcher.end();
    }
    if (name != null) components.put(name, shape.substring(from));
    return components;
  }

  private static Object valueOf(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new KryoException("could not read " + component.getName() + " of " + record.getClass().getName(), e);
    }
  }

  private static Object absentValue(Class<?> type) {
    if (type == Optional.class) return Optional.empty();
    if (type == List.class) return List.of();
    if (type == Map.class) return Map.of();
    if (type == boolean.class) return false;
    if (type == int.class) return 0;
    if (type == long.class) return 0L;
    if (type == double.class) return 0.0;
    return null;
  }
}
