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
import java.util.ArrayList;
import java.util.Comparator;
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
 * class path's files: classes compiled again make new ones. A failed training leaves the nodes
 * their jars alone.
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
  private static List<String> options;

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
      try (FileChannel lockFile = FileChannel.open(HOME.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = lockFile.lock()) {
        Path dir = HOME.resolve(digest(entries));
        if (!Files.isDirectory(dir)) forgetEarlierBuilds();
        Files.createDirectories(dir);
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) jars.add(jarred(entries.get(i), dir.resolve(i + ".jar")).toString());
        String classPath = String.join(File.pathSeparator, jars);
        Path cache = dir.resolve("node.aot");
        Path failed = dir.resolve("training-failed.log");
        if (!Files.exists(cache) && !Files.exists(failed)) train(classPath, cache, failed);
        List<String> launch = new ArrayList<>(List.of("-cp", classPath));
        if (Files.exists(cache)) {
          launch.addAll(CACHE_OPTIONS);
          launch.add("-XX:AOTCache=" + cache);
        }
        return List.copyOf(launch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a node with the cache as its output, waits until it is ready and stops it: the JVM writes the cache as it exits. */
  private static void train(String classPath, Path cache, Path failed) throws IOException {
    List<String> launch = new ArrayList<>(List.of("-cp", classPath));
    launch.addAll(CACHE_OPTIONS);
    launch.add("-XX:AOTCacheOutput=" + cache);
    Path workingDir = Files.createTempDirectory("parley-node-training");
    try (NodeProcess node = NodeProcess.startFrom(launch, Map.of(), List.of(), Optional.of(workingDir))) {
      node.awaitReady();
      node.terminate();
      if (!Files.exists(cache)) Files.writeString(failed, node.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while training the nodes' cache", e);
    } catch (AssertionError notReady) {
      Files.writeString(failed, String.valueOf(notReady.getMessage()));
    } finally {
      deleteTree(workingDir);
    }
    if (Files.exists(failed)) System.err.println("The test nodes start without an ahead-of-time cache: see " + failed);
  }

  /** The jars and caches of class paths compiled before: about 200 MB each. */
  private static void forgetEarlierBuilds() throws IOException {
    try (Stream<Path> earlier = Files.list(HOME)) {
      for (Path dir : earlier.filter(Files::isDirectory).toList()) deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
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
