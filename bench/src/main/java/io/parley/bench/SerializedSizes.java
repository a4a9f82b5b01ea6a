package io.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;

/** Prints the size in bytes of each benchmark payload in each codec (sizes do not vary between runs). */
public final class SerializedSizes {
  private SerializedSizes() {}

  public static void main(String[] args) {
    ActorSystem system = Codec.actorSystem("sizes");
    try {
      System.out.printf("%-24s %14s %10s %8s%n", "payload", "jackson-cbor", "kryo", "ratio");
      for (String line : table((ExtendedActorSystem) system)) System.out.println(line);
    } finally {
      system.terminate();
    }
  }

  static List<String> table(ExtendedActorSystem system) {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(Payloads.BY_NAME).forEach((name, value) -> {
      int cbor = Codec.named("jackson-cbor", system, value).write(value).length;
      lines.add(kryoSize(system, value)
          .map(kryo -> String.format("%-24s %14d %10d %8.2f", name, cbor, kryo, (double) cbor / kryo))
          .orElseGet(() -> String.format("%-24s %14d %10s %8s", name, cbor, "-", "-")));
    });
    return lines;
  }

  /** {@code value}'s size in Kryo; none for a type Kryo does not write (a snapshot: an approval's form answers are JSON). */
  private static Optional<Integer> kryoSize(ExtendedActorSystem system, Object value) {
    try {
      return Optional.of(Codec.named("kryo", system, value).write(value).length);
    } catch (IllegalArgumentException notWritten) {
      return Optional.empty();
    }
  }
}
