package io.parley.http;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * How the node JVMs of the tests ({@link NodeProcess}) find their classes: the test JVM's class
 * path with each of its directories packed into a jar, and an ahead-of-time cache of that class
 * path, trained once by a node started to readiness and stopped. A JVM takes classes into such a
 * cache only from jars; with it a node starts on about half the CPU (docs/testing.md, "Where the
 * time goes"), and a build starts dozens. The first test JVM of a build to start a node makes
 * them, under a lock the others wait on, in {@code target/node-jvm}, named by a digest of the
 * class path's files: classes compiled again make new ones, and those of a class path no running
 * test JVM holds are deleted. A failed training leaves the nodes their jars alone, until a build
 * half an hour later tries again.
 */
final class NodeClassPath {
  /**
   * As the server jar's cache is made and used (http/pom.xml): the node's stdout is its JSON log, so
   * the JVM writes only the cache's errors there, not a warning for each class it cannot keep nor
   * Java 25's for the call adapters that some share.
   */
  private static final List<String> CACHE_OPTIONS = List.of("-Xlog:aot=error", "-XX:+UnlockDiagnosticVMOptions",
      "-XX:-AOTAdapterCaching");
  private static final Path HOME = Path.of(System.getProperty("basedir", "."), "target", "node-jvm");
  /** A node ready within this, on a machine busy with other tests, trains the cache. */
  private static final Duration TRAINING_START = Duration.ofMinutes(3);
  private static final Duration RETRY_TRAINING_AFTER = Duration.ofMinutes(30);
  private static List<String> options;
  /** Held shared for the JVM's life: the class path it starts nodes from is not deleted under it. */
  private static FileChannel inUse;

  private NodeClassPath() {}

  /** The JVM options that give a node its class path, and its cache when there is one. */
  static synchronized List<String> options() {
    if (options == null) options = prepare();
    return options;
  }

  private static List<String> prepare() {
    List<Path> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty()).map(Path::of).toList();
    try {
      Files.createDirectories(HOME);
      return TestFiles.whileLocked(HOME.resolve("lock"), () -> {
        Path dir = Files.createDirectories(HOME.resolve(digest(entries)));
        inUse = FileChannel.open(dir.resolve("in-use"), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        inUse.lock(0, Long.MAX_VALUE, true);
        forgetUnused(dir);
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) jars.add(jarred(entries.get(i), dir.resolve(i + ".jar")).toString());
        String classPath = String.join(File.pathSeparator, jars);
        Path cache = dir.resolve("node.aot");
        Path failed = dir.resolve("training-failed.log");
        if (!Files.exists(cache) && !failedLately(failed)) train(classPath, cache, failed);
        List<String> launch = new ArrayList<>(List.of("-cp", classPath));
        if (Files.exists(cache)) {
          launch.addAll(CACHE_OPTIONS);
          launch.add("-XX:AOTCache=" + cache);
        }
        return List.copyOf(launch);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the node class path's lock", e);
    }
  }

  /**
   * Starts a node with the cache as its output, waits until it is ready and stops it: the JVM writes
   * the cache as it exits, into a file of its own that becomes the cache only once the JVM is gone.
   */
  private static void train(String classPath, Path cache, Path failed) throws IOException {
    Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    List<String> launch = new ArrayList<>(List.of("-cp", classPath));
    launch.addAll(CACHE_OPTIONS);
    launch.add("-XX:AOTCacheOutput=" + partial);
    Path workingDir = Files.createTempDirectory("parley-node-training");
    try (NodeProcess node = NodeProcess.startFrom(launch, Map.of(), List.of(), Optional.of(workingDir))) {
      node.awaitReady(TRAINING_START);
      node.terminate();
      if (Files.exists(partial)) Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
      else Files.writeString(failed, node.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while training the nodes' cache", e);
    } catch (IOException | AssertionError notTrained) {
      Files.writeString(failed, String.valueOf(notTrained));
    } finally {
      TestFiles.deleteTree(workingDir);
    }
    if (Files.exists(failed)) System.err.println("The test nodes start without an ahead-of-time cache: see " + failed);
  }

  /** A training that failed in this build, or one shortly before it, is not tried again: later builds try. */
  private static boolean failedLately(Path failed) throws IOException {
    return Files.exists(failed)
        && Files.getLastModifiedTime(failed).toInstant().isAfter(Instant.now().minus(RETRY_TRAINING_AFTER));
  }

  /** The jars and caches, about 200 MB each, of class paths no running test JVM holds: compiled before. */
  private static void forgetUnused(Path current) throws IOException {
    List<Path> others;
    try (Stream<Path> dirs = Files.list(HOME)) {
      others = dirs.filter(Files::isDirectory).filter(dir -> !dir.equals(current)).toList();
    }
    for (Path dir : others) {
      try (FileChannel use = FileChannel.open(dir.resolve("in-use"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock unused = use.tryLock()) {
        if (unused != null) TestFiles.deleteTree(dir);
      }
    }
  }

  /** {@code entry} itself when it is a file; a directory packed into {@code jar}, once. */
  private static Path jarred(Path entry, Path jar) throws IOException {
    if (!Files.isDirectory(entry)) return entry;
    if (Files.exists(jar)) return jar;
    Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial)); Stream<Path> files = Files.walk(entry)) {
      zip.setLevel(Deflater.BEST_SPEED);
      for (Path file : files.sorted().toList()) {
        String name = entry.relativize(file).toString().replace(File.separatorChar, '/');
        if (name.isEmpty()) continue;
        boolean directory = Files.isDirectory(file);
        zip.putNextEntry(new ZipEntry(directory ? name + "/" : name));
        if (!directory) Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The Java and every file of the class path, by name, size and time: what a cache is valid for. */
  private static String digest(List<Path> entries) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      out.write((System.getProperty("java.home") + Runtime.version()).getBytes(StandardCharsets.UTF_8));
      for (Path entry : entries) {
        List<Path> files;
        try (Stream<Path> walk = Files.exists(entry) ? Files.walk(entry) : Stream.empty()) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        out.write(entry.toString().getBytes(StandardCharsets.UTF_8));
        for (Path file : files) {
          out.write((file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis())
              .getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 12);
  }
}
