package io.parley.persistence.archive;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.parley.core.archive.ArchiveReceipt;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.archive.ArchiveUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The archive in a local directory, by default {@code <data-dir>/archive}: each key is a file
 * path under it. A document is written to a temporary file beside its target, forced to disk and
 * renamed over the target, so a reader (or a restart after a crash) sees the old document or the
 * new one, never part of one. Temporary files start with a dot and end with {@code .tmp}; a crash
 * between write and rename may leave one behind, which no key ever names.
 */
public final class DirectoryArchiveStore implements ArchiveStore {
  private final Path directory;

  public DirectoryArchiveStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  @Override
  public ArchiveReceipt put(String key, byte[] document) {
    Path target = resolve(key);
    ArchiveReceipt receipt = new ArchiveReceipt(key, Checksums.sha256(document), document.length);
    Path temp = null;
    try {
      createDirectoriesDurably(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temp, WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(document);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true);
      }
      Files.move(temp, target, ATOMIC_MOVE, REPLACE_EXISTING);
      temp = null;
      forceDirectory(target.getParent()); // makes the rename itself survive a power cut
      return receipt;
    } catch (IOException e) {
      throw new ArchiveUnavailableException("Cannot write archive document " + key + " to " + location() + ": " + e, e);
    } finally {
      maybeDelete(temp);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    Path target = resolve(key);
    try {
      return Optional.of(Files.readAllBytes(target));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ArchiveUnavailableException("Cannot read archive document " + key + " from " + location() + ": " + e, e);
    }
  }

  @Override
  public boolean delete(String key) {
    try {
      return Files.deleteIfExists(resolve(key));
    } catch (IOException e) {
      throw new ArchiveUnavailableException("Cannot delete archive document " + key + " from " + location() + ": " + e, e);
    }
  }

  @Override
  public String location() {
    return "file:" + directory;
  }

  /** The file of {@code key}; a key that could escape the directory is a programming error. */
  private Path resolve(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\") || key.contains("\0")) {
      throw new IllegalArgumentException("Not an archive key: '" + key + "'");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("Not an archive key: '" + key + "'");
      }
    }
    Path target = directory.resolve(key).normalize();
    if (!target.startsWith(directory) || target.equals(directory)) {
      throw new IllegalArgumentException("Not an archive key: '" + key + "'");
    }
    return target;
  }

  /** Like {@link Files#createDirectories}, and each new directory's entry is forced to disk in its parent. */
  private static void createDirectoriesDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return;
    createDirectoriesDurably(dir.getParent());
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw e;
      return; // created by a concurrent put
    }
    forceDirectory(dir.getParent());
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory for this; the rename is still atomic there.
    }
  }

  private static void maybeDelete(Path temp) {
    if (temp == null) return;
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Left behind under a name no key matches; the failure that brought us here is what matters.
    }
  }
}
