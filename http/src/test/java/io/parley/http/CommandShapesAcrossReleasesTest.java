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
      compare(SessionCommand.class, older, differences, new LinkedHashSet<>());
    }
    List<String> accepted = acceptedDifferences();
    List<String> unexpected = differences.stream().filter(difference -> !accepted.contains(difference)).toList();
    assertEquals(List.of(), unexpected, "jackson-cbor messages this release sends that " + previous.commit()
        + " would fail on or misread; send them only once every member reads them (docs/cluster.md, \"Upgrading\"),"
        + " or, once that holds, accept them in " + ACCEPTED + ":\n" + String.join("\n", unexpected));
  }

  /**
   * Walks this release's types as the previous release reads them: a field it does not have is
   * ignored with all it holds, so only the fields both have are followed (a reply type through an
   * {@code ActorRef<StatusReply<...>>}, too).
   */
  private static void compare(Type type, ClassLoader older, Set<String> differences, Set<Type> seen) {
    if (!seen.add(type)) return;
    if (type instanceof ParameterizedType parameterized) {
      compare(parameterized.getRawType(), older, differences, seen);
      Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> compare(argument, older, differences, seen));
      return;
    }
    if (!(type instanceof Class<?> cls) || !cls.getName().startsWith("io.parley.")) return;
    Class<?> before;
    try {
      before = Class.forName(cls.getName(), false, older);
    } catch (ClassNotFoundException e) {
      differences.add("new type: " + cls.getName());
      return;
    }
    if (cls.isSealed()) {
      Arrays.stream(cls.getPermittedSubclasses()).forEach(permitted -> compare(permitted, older, differences, seen));
    }
    if (cls.isEnum()) {
      Set<String> known = names(before.getEnumConstants());
      for (Object constant : cls.getEnumConstants()) {
        if (!known.contains(constant.toString())) differences.add("new constant: " + cls.getName() + "." + constant);
      }
    } else if (cls.isRecord() && before.isRecord()) {
      Set<String> had = componentNames(before);
      Set<String> now = componentNames(cls);
      had.stream().filter(component -> !now.contains(component))
          .forEach(component -> differences.add("field gone: " + cls.getName() + "." + component));
      for (RecordComponent component : cls.getRecordComponents()) {
        if (had.contains(component.getName())) compare(component.getGenericType(), older, differences, seen);
      }
    }
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

  private static List<String> acceptedDifferences() throws IOException {
    return Files.readAllLines(ACCEPTED, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }
}
