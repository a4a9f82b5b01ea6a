package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.sessions.entity.SessionCommand;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The session commands and their replies cross nodes as jackson-cbor, which ignores fields it
 * does not know but fails on a type or an enum constant it does not know: this release's commands
 * and replies, compared with the previous release's classes in its server jar (as {@link
 * PreviousRelease} builds it), must differ only as {@code upgrade/cbor-differences.txt} accepts.
 * A new command or reply type or constant follows the two-step rule (docs/cluster.md,
 * "Upgrading"); a field removed or renamed is one the previous release would read as absent.
 */
@UsesServerJar
@Tag("release-check")
class CommandShapesAcrossReleasesTest {
  private static final Path ACCEPTED = Path.of("src", "test", "resources", "upgrade", "cbor-differences.txt");

  @Test
  void thePreviousReleaseKnowsTheCommandsRepliesFieldsAndConstantsThisOneSends() throws Exception {
    PreviousRelease previous = PreviousRelease.get();
    Set<String> differences = new TreeSet<>();
    try (URLClassLoader older = new URLClassLoader(new URL[] {previous.jar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (Class<?> type : reachableFrom(SessionCommand.class)) differences.addAll(compare(type, older));
    }
    List<String> accepted = acceptedDifferences();
    List<String> unexpected = differences.stream().filter(difference -> !accepted.contains(difference)).toList();
    assertEquals(List.of(), unexpected, "jackson-cbor messages this release sends that " + previous.commit()
        + " would fail on or misread; send them only once every member reads them (docs/cluster.md, \"Upgrading\"),"
        + " or, once that holds, accept them in " + ACCEPTED + ":\n" + String.join("\n", unexpected));
  }

  private static List<String> compare(Class<?> type, ClassLoader older) {
    Class<?> before;
    try {
      before = Class.forName(type.getName(), false, older);
    } catch (ClassNotFoundException e) {
      return List.of("new type: " + type.getName());
    }
    List<String> differences = new ArrayList<>();
    if (type.isEnum()) {
      Set<String> known = names(before.getEnumConstants());
      for (Object constant : type.getEnumConstants()) {
        if (!known.contains(constant.toString())) differences.add("new constant: " + type.getName() + "." + constant);
      }
    } else if (type.isRecord() && before.isRecord()) {
      Set<String> now = componentNames(type);
      for (String component : componentNames(before)) {
        if (!now.contains(component)) differences.add("field gone: " + type.getName() + "." + component);
      }
    }
    return differences;
  }

  private static Set<String> names(Object[] constants) {
    Set<String> names = new LinkedHashSet<>();
    for (Object constant : constants) names.add(constant.toString());
    return names;
  }

  private static Set<String> componentNames(Class<?> record) {
    Set<String> names = new LinkedHashSet<>();
    for (RecordComponent component : record.getRecordComponents()) names.add(component.getName());
    return names;
  }

  /** Parley's records, enums and sealed interfaces a command holds, its reply types included. */
  private static Set<Class<?>> reachableFrom(Class<?> root) {
    Set<Class<?>> found = new LinkedHashSet<>();
    visit(root, found, new LinkedHashSet<>());
    return found;
  }

  private static void visit(Type type, Set<Class<?>> found, Set<Type> seen) {
    if (!seen.add(type)) return;
    if (type instanceof ParameterizedType parameterized) {
      visit(parameterized.getRawType(), found, seen);
      Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> visit(argument, found, seen));
      return;
    }
    if (!(type instanceof Class<?> cls) || !cls.getName().startsWith("io.parley.")) return;
    if (cls.isSealed()) {
      Arrays.stream(cls.getPermittedSubclasses()).forEach(permitted -> visit(permitted, found, seen));
    }
    if (cls.isRecord() || cls.isEnum()) found.add(cls);
    if (cls.isRecord()) {
      for (RecordComponent component : cls.getRecordComponents()) visit(component.getGenericType(), found, seen);
    }
  }

  private static List<String> acceptedDifferences() throws IOException {
    return Files.readAllLines(ACCEPTED, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }
}
