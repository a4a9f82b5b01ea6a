package io.parley.bench;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Writing and reading the types that are persisted (a session snapshot, a message event) or sent
 * between nodes (updates to a subscriber), with jackson-cbor and with Kryo. Sizes: {@link SerializedSizes}.
 * A snapshot ({@code open-50}, {@code open-300}) is measured with jackson-cbor only, asked by name
 * ({@code -p payload=open-50,open-300 -p codec=jackson-cbor}): Kryo cannot write one (an approval's form
 * answers are JSON), and no node asks it to.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerializationBenchmark extends InMemoryBenchmark {
  @Param({"user-message-appended", "message-added", "delta"})
  public String payload;

  @Param({"jackson-cbor", "kryo"})
  public String codec;

  private ActorSystem system;
  private Codec chosen;
  private Object value;
  private byte[] bytes;

  @Setup
  public void start() {
    system = Codec.actorSystem("bench");
    value = Payloads.named(payload);
    chosen = Codec.named(codec, (ExtendedActorSystem) system, value);
    bytes = chosen.write(value);
    if (!chosen.read(bytes).equals(value)) throw new IllegalStateException(codec + " changed " + payload);
  }

  @TearDown
  public void stop() {
    system.terminate();
  }

  @Benchmark
  public byte[] write() {
    return chosen.write(value);
  }

  @Benchmark
  public Object read() {
    return chosen.read(bytes);
  }
}
