package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node unpacks its models' native libraries (ONNX Runtime's, Vosk's and JNA's, the embedding
 * tokenizer's) into its model cache, and nothing into the temporary or home directory of whoever
 * runs it: unpacked there, they were copied again by every JVM and left behind by every killed one.
 */
class ModelCacheTest {
  @TempDir Path dir;

  @Test
  void aNodeUnpacksItsNativeLibrariesIntoTheModelCacheAndNothingIntoTmpOrHome() throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path home = Files.createDirectory(dir.resolve("home"));
    Path cache = dir.resolve("models");
    Map<String, String> env = Map.of(
        "PARLEY_DATA_DIR", dir.resolve("data").toString(),
        "PARLEY_VOICE_MODEL_CACHE_DIR", cache.toString(),
        "PARLEY_VOICE_WARM_UP", "true",
        "PARLEY_TENANTS", "");
    try (NodeProcess node = NodeProcess.start(env, List.of("-Djava.io.tmpdir=" + tmp, "-Duser.home=" + home))) {
      node.awaitReady();
      // Every native library is loaded once both lines are logged: the embedding model (ONNX
      // Runtime and the tokenizer) and the voice engines (Silero, Vosk through JNA).
      node.awaitOutput("Loaded the all-MiniLM-L6-v2 embedding model");
      node.awaitOutput("voice engines loaded: voice activity silero, speech to text vosk");

      // ONNX Runtime makes an empty directory in java.io.tmpdir whatever it loads from, and removes it at exit.
      assertEquals(List.of(), regularFilesUnder(tmp), "no file in java.io.tmpdir");
      assertEquals(List.of(), regularFilesUnder(home), "no file in user.home");
      List<String> cached = filesUnder(cache).stream().map(file -> file.substring(file.lastIndexOf('/') + 1)).toList();
      for (String library : List.of("libonnxruntime.so", "libvosk.so", "libjnidispatch.so", "libtokenizers.so")) {
        assertTrue(cached.contains(library), library + " in the model cache: " + cached);
      }

      assertEquals(143, node.terminate());
      assertEquals(List.of(), filesUnder(tmp), "nothing in java.io.tmpdir after the exit either");
      assertEquals(List.of(), filesUnder(home), "nothing in user.home after the exit either");
    }
  }

  /** Every file and directory below {@code root}, relative to it. */
  private static List<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> !file.equals(root)).map(file -> root.relativize(file).toString()).sorted().toList();
    }
  }

  private static List<String> regularFilesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
    }
  }
}
