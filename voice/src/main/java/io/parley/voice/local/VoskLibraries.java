package io.parley.voice.local;

import com.sun.jna.Platform;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives Vosk its native libraries from the model cache, as {@link OnnxRuntimeLibraries} does for
 * ONNX Runtime. Vosk is called through JNA, which left to itself unpacks JNA's own library and
 * Vosk's (26 MB) into a temporary file in every JVM: under {@code ~/.cache/JNA} or
 * {@code java.io.tmpdir}. Here both are unpacked once, under {@code vosk/} and {@code jna/} in the
 * model cache, and JNA is pointed there ({@code jna.boot.library.path}, {@code jna.library.path},
 * and {@code jna.tmpdir} for whatever else it would unpack).
 */
public final class VoskLibraries {
  private static final Logger LOG = LoggerFactory.getLogger(VoskLibraries.class);

  private VoskLibraries() {}

  /**
   * Unpacks the libraries for this platform under {@code cacheDir}; call before Vosk loads. A JNA
   * setting already made (an operator's choice) is left as it is, and so is a library the
   * classpath lacks for this platform.
   */
  public static synchronized void unpackInto(Path cacheDir) {
    Path jna = cacheDir.resolve("jna").resolve(Platform.RESOURCE_PREFIX);
    Path vosk = cacheDir.resolve("vosk").resolve(Platform.RESOURCE_PREFIX);
    try {
      maybeUnpack("jna.boot.library.path", "/com/sun/jna/" + Platform.RESOURCE_PREFIX, "jnidispatch", jna);
      maybeUnpack("jna.library.path", "/" + Platform.RESOURCE_PREFIX, "vosk", vosk);
      if (System.getProperty("jna.tmpdir") == null) System.setProperty("jna.tmpdir", cacheDir.resolve("jna").toString());
    } catch (IOException e) {
      // Not worth failing a start for: JNA unpacks them into a temporary directory, as it always did.
      LOG.warn("could not unpack Vosk's libraries into {} (is PARLEY_VOICE_MODEL_CACHE_DIR writable?);"
          + " JNA unpacks them into a temporary directory instead: {}", cacheDir, e.toString());
    }
  }

  private static void maybeUnpack(String property, String resourceDir, String name, Path dir) throws IOException {
    if (System.getProperty(property) != null) return;
    String file = System.mapLibraryName(name);
    Optional<URL> library = Optional.ofNullable(VoskLibraries.class.getResource(resourceDir + "/" + file));
    if (library.isEmpty()) return;
    LibraryFile.unpack(library.get(), dir.resolve(file));
    System.setProperty(property, dir.toString());
  }
}
