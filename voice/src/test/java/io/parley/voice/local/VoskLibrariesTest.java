package io.parley.voice.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoskLibrariesTest {
  private static final List<String> PROPERTIES = List.of("jna.boot.library.path", "jna.library.path", "jna.tmpdir");
  private final Map<String, String> before = new HashMap<>();

  @BeforeEach
  void clearTheProperties() {
    for (String property : PROPERTIES) {
      before.put(property, System.getProperty(property));
      System.clearProperty(property);
    }
  }

  @AfterEach
  void restoreTheProperties() {
    before.forEach((property, value) -> {
      if (value == null) System.clearProperty(property);
      else System.setProperty(property, value);
    });
  }

  @Test
  void voskAndJnaAreUnpackedIntoTheCacheAndJnaIsPointedThere(@TempDir Path cache) {
    VoskLibraries.unpackInto(cache);

    Path jna = cache.resolve("jna").resolve(Platform.RESOURCE_PREFIX);
    Path vosk = cache.resolve("vosk").resolve(Platform.RESOURCE_PREFIX);
    assertEquals(jna.toString(), System.getProperty("jna.boot.library.path"));
    assertEquals(vosk.toString(), System.getProperty("jna.library.path"));
    assertEquals(cache.resolve("jna").toString(), System.getProperty("jna.tmpdir"));
    assertTrue(Files.isRegularFile(jna.resolve(System.mapLibraryName("jnidispatch"))));
    assertTrue(Files.isRegularFile(vosk.resolve(System.mapLibraryName("vosk"))));
  }

  @Test
  void anOperatorsLibraryPathIsLeftAlone(@TempDir Path cache) {
    System.setProperty("jna.library.path", "/opt/vosk");

    VoskLibraries.unpackInto(cache);

    assertEquals("/opt/vosk", System.getProperty("jna.library.path"));
    assertTrue(Files.notExists(cache.resolve("vosk")), "Vosk's library is not unpacked when JNA looks elsewhere");
  }
}
