package io.parley.persistence.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmEmbeddingModelTest {
  private static final MiniLmEmbeddingModel model = new MiniLmEmbeddingModel();

  @BeforeAll
  static void load() {
    model.load();
  }

  @Test
  void embedsIntoUnitVectorsOf384Dimensions() {
    float[] vector = model.embed("My order 1042 hasn't arrived yet.");

    assertEquals(384, model.dimensions());
    assertEquals(384, vector.length);
    assertEquals(1.0, dot(vector, vector), 1e-4);
  }

  @Test
  void aRelatedSentenceIsCloserThanAnUnrelatedOne() {
    float[] query = model.embed("my order 1042 hasn't arrived");

    double related = dot(query, model.embed("The customer said order 1042 was late; the courier lost the parcel."));
    double unrelated = dot(query, model.embed("The customer reset their password with the emailed link."));

    assertTrue(related > unrelated + 0.2, "related " + related + ", unrelated " + unrelated);
  }

  @Test
  void anEmbedWhileTheModelLoadsInTheBackgroundWaitsForItAndGetsTheSameVector(@TempDir Path dir) throws Exception {
    String text = "How long do refunds take?";
    // This JVM loaded the model already: a JVM of its own starts the load and embeds at once.
    Path output = dir.resolve("vector.txt");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), EmbedDuringLoad.class.getName(), text)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(output.toFile())
        .start();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM did not embed within 60 s");
    }
    String printed = Files.readString(output);
    assertEquals(0, child.exitValue(), printed);
    float[] during = new float[MiniLmEmbeddingModel.DIMENSIONS];
    String[] lines = printed.strip().split("\n");
    assertEquals(during.length, lines.length, printed);
    for (int i = 0; i < lines.length; i++) during[i] = Float.parseFloat(lines[i]);

    assertArrayEquals(model.embed(text), during, 1e-6f);
  }

  @Test
  void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
    List<String> texts = List.of("where is my parcel", "I was charged twice", "change my email address",
        "cancel my subscription", "the app crashes on start", "talk to a human please");
    List<float[]> alone = new ArrayList<>();
    for (String text : texts) alone.add(model.embed(text));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<float[]>> together = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (String text : texts) together.add(CompletableFuture.supplyAsync(() -> model.embed(text), pool));
      }
      for (int i = 0; i < together.size(); i++) {
        assertArrayEquals(alone.get(i % texts.size()), together.get(i).get(), 1e-6f);
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * ONNX Runtime's default session keeps a pool of threads that spin after every inference: a
   * node embedding a few sentences a second paid a busy core for them.
   */
  @Test
  void anEmbedCostsTheCpuOfItsCallerAndNoOtherThreads() throws Exception {
    for (int i = 0; i < 20; i++) model.embed("warm up " + i);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // What the JVM's own threads (and earlier tests' leftovers) use in the same time, without embeds.
    long idleBefore = processCpuNanos() - threads.getCurrentThreadCpuTime();
    Thread.sleep(20 * 50);
    long idle = processCpuNanos() - threads.getCurrentThreadCpuTime() - idleBefore;
    long processBefore = processCpuNanos();
    long callerBefore = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < 20; i++) {
      model.embed("where is my parcel, it should have come yesterday " + i);
      Thread.sleep(50); // the same wall time as the idle measure, so the JVM's own threads cancel out
    }
    long caller = threads.getCurrentThreadCpuTime() - callerBefore;
    long others = processCpuNanos() - processBefore - caller - idle;

    // GC and the JIT still cost something; spinning threads cost ~30 ms an embed.
    assertTrue(others < caller + 150_000_000L,
        "other threads used " + others / 1_000_000 + " ms of CPU while the caller used " + caller / 1_000_000 + " ms");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  @Test
  void aBlankTextIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> model.embed(" \n"));
  }

  @Test
  void normalizingLeavesAZeroVectorAlone() {
    assertArrayEquals(new float[] {0, 0}, MiniLmEmbeddingModel.normalize(new float[] {0, 0}));
    assertArrayEquals(new float[] {0.6f, 0.8f}, MiniLmEmbeddingModel.normalize(new float[] {3, 4}), 1e-6f);
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }
}
