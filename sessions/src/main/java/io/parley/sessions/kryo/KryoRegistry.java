package io.parley.sessions.kryo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kryo types of every release so far, as committed in {@code kryo-types.txt}: each type's
 * class id and shape (a record's components, an enum's constants), and the wire generation the
 * manifests carry. Ids come from here, not from the order the types are found in, so a type
 * added in a later release takes a new id and leaves every older one where the previous release
 * reads it. A type whose shape differs from its line would be misread by the previous release:
 * while any does, the codec marks its bytes with its own fingerprint instead of the generation,
 * so nodes of other releases refuse them (and {@code KryoShapesTest} fails the build).
 */
public record KryoRegistry(String generation, int generationThrough, Map<String, Entry> entries) {
  /** The committed file, beside this class. */
  static final String RESOURCE = "kryo-types.txt";
  /** The generation before the committed one, as the release that wrote it lists it; beside this class. */
  static final String EARLIER_RESOURCE = "kryo-types-earlier.txt";

  /** One line of the file: the id Kryo writes for the type, and its shape then. */
  public record Entry(int id, String type, String shape) {}

  public KryoRegistry {
    entries = Map.copyOf(entries);
  }

  /** No committed types: ids in the order the types are found, manifests by fingerprint (benchmarks' own types). */
  static KryoRegistry none() {
    return new KryoRegistry("", 0, Map.of());
  }

  /** The registry committed with this release. */
  public static KryoRegistry committed() {
    return load(RESOURCE);
  }

  /** The generation before the committed one, which nodes of the release before read and write. */
  public static KryoRegistry earlier() {
    return load(EARLIER_RESOURCE);
  }

  private static KryoRegistry load(String resource) {
    try (InputStream in = KryoRegistry.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing beside " + KryoRegistry.class.getName());
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lines {@code generation <hex> through <id>}, then {@code <id> <class> <shape>}; {@code #} starts
   * a comment. The generation is the fingerprint of the lines up to that id.
   */
  static KryoRegistry parse(String text) {
    String generation = "";
    int through = 0;
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] parts = line.split(" ", 3);
      if (parts[0].equals("generation")) {
        generation = parts[1];
        through = Integer.parseInt(parts[2].replace("through", "").strip());
      } else {
        Entry entry = new Entry(Integer.parseInt(parts[0]), parts[1], parts.length > 2 ? parts[2] : "");
        if (entries.put(entry.type(), entry) != null) throw new IllegalStateException(entry.type() + " is listed twice");
      }
    }
    return new KryoRegistry(generation, through, entries);
  }

  /**
   * The fingerprint of the committed lines the generation covers: it equals the generation
   * unless one of them was edited, which would have this release write, under the manifests of
   * the one before, bytes that release misreads.
   */
  String fingerprintOfGeneration() {
    return KryoTypes.fingerprintOf(entries.values().stream().filter(entry -> entry.id() <= generationThrough)
        .sorted(java.util.Comparator.comparingInt(Entry::id))
        .map(entry -> Map.entry(entry.type(), entry.shape())).toList());
  }

  /** The id of each type: its committed one, else the next free one after every committed id, in order. */
  List<Integer> idsOf(List<Class<?>> types, int firstId) {
    int next = Math.max(firstId, entries.values().stream().mapToInt(Entry::id).max().orElse(firstId - 1) + 1);
    List<Integer> ids = new ArrayList<>();
    for (Class<?> type : types) {
      Entry entry = entries.get(type.getName());
      ids.add(entry != null ? entry.id() : next++);
    }
    return ids;
  }

  /**
   * What differs between these types and the committed ones, one line each, empty when every
   * type is listed with its shape; an enum may have gained constants at its end.
   */
  List<String> differences(List<Class<?>> types) {
    List<String> differences = new ArrayList<>();
    for (Class<?> type : types) {
      Entry entry = entries.get(type.getName());
      String shape = KryoTypes.shape(type);
      if (entry == null) {
        differences.add("new: " + type.getName() + " " + shape);
      } else if (!(entry.shape().equals(shape) || type.isEnum() && shape.startsWith(entry.shape() + " "))) {
        differences.add("changed: " + type.getName() + "\n    committed: " + entry.shape() + "\n    now:       " + shape);
      }
    }
    return differences;
  }

  /** Whether every committed type among these has its committed shape (types not listed yet are new ones). */
  boolean keepsEveryShape(List<Class<?>> types) {
    return differences(types).stream().noneMatch(difference -> difference.startsWith("changed: "));
  }
}
