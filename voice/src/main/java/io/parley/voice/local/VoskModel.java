package io.parley.voice.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * A loaded Vosk model, shared by every recognition stream of the node. Vosk reads a model from a
 * directory, so the small English model that ships inside this module's jar (as Vosk's own aar
 * archive) is unpacked once into a cache directory, under its uuid, and found there by later
 * starts; another model (a larger English one, another language) can be given as a directory.
 */
record VoskModel(Model model, Path directory) implements AutoCloseable {
  /** Vosk's small English model is trained on 16 kHz audio; phone audio is upsampled by the caller. */
  static final int SAMPLE_RATE = 16_000;

  private static final Logger LOG = LoggerFactory.getLogger(VoskModel.class);
  private static final String BUNDLED = "vosk-model-en-us.zip";
  private static final String PREFIX = "assets/model-en-us/";
  private static final String COMPLETE = ".complete";

  /** The model in {@code directory} when given, else the bundled English one, unpacked under {@code cacheDir}. */
  static VoskModel load(Optional<Path> directory, Path cacheDir) {
    LibVosk.setLogLevel(LogLevel.WARNINGS);
    Path modelDir = directory.orElseGet(() -> unpackBundled(cacheDir));
    long started = System.nanoTime();
    try {
      Model model = new Model(modelDir.toString());
      LOG.info("vosk model loaded from {} in {} ms", modelDir, (System.nanoTime() - started) / 1_000_000);
      return new VoskModel(model, modelDir);
    } catch (IOException e) {
      throw new UncheckedIOException("no Vosk model could be loaded from " + modelDir, e);
    }
  }

  @Override
  public void close() {
    model.close();
  }

  /** Unpacks the bundled model unless an earlier start did; concurrent starts each write their own copy first. */
  private static Path unpackBundled(Path cacheDir) {
    try {
      String uuid = bundledUuid();
      Path target = cacheDir.resolve("vosk-model-en-us-" + uuid);
      if (Files.exists(target.resolve(COMPLETE))) return target;
      Files.createDirectories(cacheDir);
      Path partial = Files.createTempDirectory(cacheDir, "vosk-unpacking-");
      try (ZipInputStream zip = new ZipInputStream(bundled())) {
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
          if (entry.isDirectory() || !entry.getName().startsWith(PREFIX)) continue;
          Path file = partial.resolve(entry.getName().substring(PREFIX.length())).normalize();
          if (!file.startsWith(partial)) throw new IOException("model entry outside its directory: " + entry.getName());
          Files.createDirectories(file.getParent());
          Files.copy(zip, file);
        }
      }
      Files.writeString(partial.resolve(COMPLETE), uuid);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("vosk model unpacked to {}", target);
      } catch (IOException movedMeanwhile) {
        if (!Files.exists(target.resolve(COMPLETE))) throw movedMeanwhile;
        deleteTree(partial);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled Vosk model could not be unpacked into " + cacheDir, e);
    }
  }

  private static String bundledUuid() throws IOException {
    try (ZipInputStream zip = new ZipInputStream(bundled())) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().equals(PREFIX + "uuid")) return new String(zip.readAllBytes(), StandardCharsets.US_ASCII).strip();
      }
    }
    throw new IOException("the bundled Vosk model has no uuid");
  }

  private static InputStream bundled() throws IOException {
    InputStream in = VoskModel.class.getResourceAsStream(BUNDLED);
    if (in == null) throw new IOException(BUNDLED + " is missing from the classpath (built by the voice module)");
    return in;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
    }
  }
}
