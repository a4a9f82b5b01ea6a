package io.parley.sessions.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.parley.core.testing.ClassResource;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kryo's bytes carry no field names, so a node of the previous release reads what this one writes
 * only if every type keeps its class id and shape: the committed {@code kryo-types.txt} pins both,
 * and a release may only add types (appended with new ids) and enum constants (at the end).
 */
class KryoShapesTest {
  private static final String FILE = "sessions/src/main/resources/io/parley/sessions/kryo/kryo-types.txt";
  @RegisterExtension
  static final ClassResource<ActorSystem<Void>> systems =
      ClassResource.of(() -> ActorSystem.create(Behaviors.empty(), "kryo-shapes"), ActorSystem::terminate);
  private final ActorSystem<Void> system = systems.get();

  @Test
  void everyTypeBetweenNodesKeepsItsCommittedIdAndShape() {
    List<Class<?>> types = KryoTypes.reachableFrom(KryoSerializer.ROOTS);
    KryoRegistry committed = KryoRegistry.committed();
    List<String> differences = committed.differences(types);
    if (!differences.isEmpty()) {
      List<Integer> ids = committed.idsOf(types, 25);
      String lines = IntStream.range(0, types.size()).filter(i -> committed.differences(List.of(types.get(i))).size() > 0)
          .mapToObj(i -> ids.get(i) + " " + types.get(i).getName() + " " + KryoTypes.shape(types.get(i)))
          .collect(Collectors.joining("\n"));
      fail("The types nodes exchange with Kryo differ from " + FILE + ":\n" + String.join("\n", differences)
          + "\nA node of the previous release would misread or refuse them during a rolling upgrade. Per"
          + " docs/cluster.md (\"Upgrading\"), a changed record is a new record beside the old, and an enum"
          + " gains constants only at its end; a new type is appended to the file with its new id:\n" + lines);
    }
    int lastId = committed.idsOf(types, 25).stream().mapToInt(Integer::intValue).max().orElse(0);
    KryoRegistry renewed = new KryoRegistry(committed.generation(), lastId, committed.entries());
    assertEquals(committed.generation(), committed.fingerprintOfGeneration(), "The lines of " + FILE + " up to id "
        + committed.generationThrough() + " are what the previous release reads: one was edited. A change no new type"
        + " can carry starts a new generation (docs/cluster.md, \"Upgrading\"): generation "
        + renewed.fingerprintOfGeneration() + " through " + lastId);
  }

  sealed interface Payload {}

  record Text(String value) implements Payload {}

  record Amount(long cents, Level level) implements Payload {}

  enum Level { LOW, HIGH }

  record Envelope(String turnId, Payload payload) {}

  /** A type a later release added; found before {@link Envelope}, it would take its id and shift the others by order. */
  record Added(String note) {}

  private static final String LINES = """
      25 io.parley.sessions.kryo.KryoShapesTest$Envelope turnId:java.lang.String payload:io.parley.sessions.kryo.KryoShapesTest$Payload
      26 io.parley.sessions.kryo.KryoShapesTest$Text value:java.lang.String
      27 io.parley.sessions.kryo.KryoShapesTest$Amount cents:long level:io.parley.sessions.kryo.KryoShapesTest$Level
      28 io.parley.sessions.kryo.KryoShapesTest$Level LOW
      """;
  /** The previous release's list: these lines, their generation through id 28. */
  private static final String PREVIOUS = "generation "
      + KryoRegistry.parse("generation 0 through 28\n" + LINES).fingerprintOfGeneration() + " through 28\n" + LINES;

  @Test
  void theNextReleaseAddingATypeIsReadByThePreviousOne() {
    KryoCodec previous = codec(List.of(Envelope.class), KryoRegistry.parse(PREVIOUS));
    KryoCodec next = codec(List.of(Added.class, Envelope.class), KryoRegistry.parse(PREVIOUS
        + "29 io.parley.sessions.kryo.KryoShapesTest$Added note:java.lang.String\n"));
    Envelope envelope = new Envelope("turn-1", new Amount(4200, Level.LOW));

    assertEquals(envelope, previous.fromBinary(next.toBinary(envelope), Envelope.class));
    assertEquals(KryoRegistry.parse(PREVIOUS).generation(), next.fingerprint(), "the manifests of the previous release");
    assertEquals(previous.fingerprint(), next.fingerprint(), "the same manifests: neither refuses the other");

    // Without committed ids, the type found first moves the others' ids: the previous release misreads.
    KryoCodec byOrder = codec(List.of(Added.class, Envelope.class), KryoRegistry.none());
    assertNotEquals(envelope, readOrFailure(previous, byOrder.toBinary(envelope)));
  }

  @Test
  void aChangedShapeIsReportedAndMarksTheBytesForNoOtherRelease() {
    KryoRegistry renamed = KryoRegistry.parse(PREVIOUS.replace("cents:long", "amount:long"));
    KryoRegistry constantInserted = KryoRegistry.parse(PREVIOUS.replace("Level LOW", "Level MEDIUM"));
    List<Class<?>> types = KryoTypes.reachableFrom(List.of(Envelope.class));

    assertEquals(List.of(), KryoRegistry.parse(PREVIOUS).differences(types), "an enum may gain constants at its end");
    assertTrue(renamed.differences(types).getFirst().startsWith("changed: " + Amount.class.getName()));
    assertTrue(constantInserted.differences(types).getFirst().startsWith("changed: " + Level.class.getName()));
    assertNotEquals(renamed.generation(), codec(List.of(Envelope.class), renamed).fingerprint());
    assertNotEquals(renamed.generation(), renamed.fingerprintOfGeneration(), "an edited line no longer makes the generation");

    // The class changed and its line edited to match, under the generation of the old line: the
    // previous release would misread, so the bytes carry this release's own fingerprint instead.
    KryoRegistry lineEdited = KryoRegistry.parse("generation " + renamed.fingerprintOfGeneration() + " through 28\n" + LINES);
    assertEquals(List.of(), lineEdited.differences(types));
    assertNotEquals(lineEdited.generation(), codec(List.of(Envelope.class), lineEdited).fingerprint());
  }

  private static Object readOrFailure(KryoCodec codec, byte[] bytes) {
    try {
      return codec.fromBinary(bytes, Envelope.class);
    } catch (RuntimeException misread) {
      return misread;
    }
  }

  private KryoCodec codec(List<Class<?>> roots, KryoRegistry registry) {
    return new KryoCodec((ExtendedActorSystem) system.classicSystem(), roots, registry);
  }
}
