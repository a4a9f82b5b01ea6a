package io.parley.voice.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeLibrariesTest {
  private String before;

  @BeforeEach
  void clearTheProperty() {
    before = System.getProperty(OnnxRuntimeLibraries.PATH_PROPERTY);
    System.clearProperty(OnnxRuntimeLibraries.PATH_PROPERTY);
  }

  @AfterEach
  void restoreTheProperty() {
    if (before == null) System.clearProperty(OnnxRuntimeLibraries.PATH_PROPERTY);
    else System.setProperty(OnnxRuntimeLibraries.PATH_PROPERTY, before);
  }

  @Test
  void theLibrariesAreUnpackedOnceIntoTheCacheAndOnnxRuntimeIsPointedThere(@TempDir Path cache) throws IOException {
    Path dir = OnnxRuntimeLibraries.unpackInto(cache).orElseThrow();

    assertEquals(cache.resolve("onnxruntime").resolve(OnnxRuntimeLibraries.platform()), dir);
    assertEquals(dir.toString(), System.getProperty(OnnxRuntimeLibraries.PATH_PROPERTY));
    Path runtime = dir.resolve("libonnxruntime.so");
    URL bundled = getClass().getResource("/ai/onnxruntime/native/" + OnnxRuntimeLibraries.platform() + "/libonnxruntime.so");
    assertEquals(bundled.openConnection().getContentLengthLong(), Files.size(runtime));
    assertTrue(Files.isRegularFile(dir.resolve("libonnxruntime4j_jni.so")));

    // A second node on the machine finds them there and writes nothing.
    System.clearProperty(OnnxRuntimeLibraries.PATH_PROPERTY);
    Object unpacked = Files.readAttributes(runtime, "unix:ino");
    OnnxRuntimeLibraries.unpackInto(cache);
    assertEquals(unpacked, Files.readAttributes(runtime, "unix:ino"));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no partial file is left behind");
    }
  }

  @Test
  void aLibraryThatDiffersFromTheBundledOneIsReplaced(@TempDir Path cache) throws IOException {
    Path dir = OnnxRuntimeLibraries.unpackInto(cache).orElseThrow();
    Path jni = dir.resolve("libonnxruntime4j_jni.so");
    long size = Files.size(jni);
    Files.write(jni, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(jni, FileTime.fromMillis(0));
    System.clearProperty(OnnxRuntimeLibraries.PATH_PROPERTY);

    OnnxRuntimeLibraries.unpackInto(cache);

    assertEquals(size, Files.size(jni));
  }

  @Test
  void aCacheThatCannotBeWrittenLeavesOnnxRuntimeToItsOwnWay(@TempDir Path somewhere) throws IOException {
    Path notADirectory = Files.writeString(somewhere.resolve("file"), "in the way");

    assertEquals(Optional.empty(), OnnxRuntimeLibraries.unpackInto(notADirectory));
    assertEquals(null, System.getProperty(OnnxRuntimeLibraries.PATH_PROPERTY));
  }

  @Test
  void anOperatorsOwnPathIsLeftAlone(@TempDir Path cache) {
    System.setProperty(OnnxRuntimeLibraries.PATH_PROPERTY, "/opt/onnxruntime");

    assertEquals(Optional.empty(), OnnxRuntimeLibraries.unpackInto(cache));
    assertEquals("/opt/onnxruntime", System.getProperty(OnnxRuntimeLibraries.PATH_PROPERTY));
  }
}
