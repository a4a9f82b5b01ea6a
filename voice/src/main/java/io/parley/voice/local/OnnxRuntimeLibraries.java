package io.parley.voice.local;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives ONNX Runtime (Silero VAD, the embedding model) its native libraries from a directory that
 * outlives the process. Left to itself it unpacks them (22 MB) into a new {@code /tmp/onnxruntime-java*}
 * directory in every JVM and deletes it only on a clean exit, so every node killed or crashed left
 * one behind. Here they are unpacked once into the model cache, beside the speech model, and
 * {@code onnxruntime.native.path} points there; a library already there with the size and time of the
 * one on the classpath is used as it is, so an upgrade unpacks its own.
 */
public final class OnnxRuntimeLibraries {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeLibraries.class);
  static final String PATH_PROPERTY = "onnxruntime.native.path";
  private static final List<String> NAMES = List.of("onnxruntime", "onnxruntime4j_jni");

  private OnnxRuntimeLibraries() {}

  /**
   * Unpacks the libraries for this platform under {@code cacheDir} and points ONNX Runtime at them;
   * call before anything loads it. Does nothing when the property is already set (an operator's
   * choice), the classpath has no libraries for this platform (ONNX Runtime then says so itself),
   * or the directory cannot be written (it then unpacks them as it always did).
   *
   * @return the directory ONNX Runtime will load from, if this call chose it
   */
  public static synchronized Optional<Path> unpackInto(Path cacheDir) {
    if (System.getProperty(PATH_PROPERTY) != null) return Optional.empty();
    String platform = platform();
    Path dir = cacheDir.resolve("onnxruntime").resolve(platform);
    try {
      boolean any = false;
      for (String name : NAMES) {
        String file = fileName(name);
        URL library = OnnxRuntimeLibraries.class.getResource("/ai/onnxruntime/native/" + platform + "/" + file);
        if (library == null) continue;
        LibraryFile.unpack(library, dir.resolve(file));
        any = true;
      }
      if (!any) return Optional.empty();
    } catch (IOException e) {
      // Not worth failing a start for: ONNX Runtime still unpacks them into /tmp, as it always did.
      LOG.warn("could not unpack ONNX Runtime's libraries into {} (is PARLEY_VOICE_MODEL_CACHE_DIR writable?);"
          + " it unpacks them into a temporary directory instead: {}", dir, e.toString());
      return Optional.empty();
    }
    System.setProperty(PATH_PROPERTY, dir.toString());
    return Optional.of(dir);
  }

  /** The directory names of ONNX Runtime's jar: {@code linux-x64}, {@code osx-aarch64}, {@code win-x64}. */
  static String platform() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return os() + "-" + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch);
  }

  private static String fileName(String name) {
    return switch (os()) {
      case "win" -> name + ".dll";
      case "osx" -> "lib" + name + ".dylib";
      default -> "lib" + name + ".so";
    };
  }

  /** Mac first: "darwin" contains "win". */
  private static String os() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
  }
}
