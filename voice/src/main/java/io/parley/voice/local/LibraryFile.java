package io.parley.voice.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

/**
 * A native library from the classpath, unpacked into a directory that outlives the process: once,
 * and again only when the classpath's copy differs in size or time (an upgrade), instead of into a
 * new temporary file in every JVM, which a killed JVM leaves behind.
 */
final class LibraryFile {
  private LibraryFile() {}

  /** Makes {@code target} a copy of {@code library} unless it is one already. */
  static void unpack(URL library, Path target) throws IOException {
    URLConnection connection = library.openConnection();
    long size = connection.getContentLengthLong();
    long modified = connection.getLastModified();
    if (Files.isRegularFile(target) && Files.size(target) == size
        && Files.getLastModifiedTime(target).toMillis() == modified) {
      return;
    }
    Files.createDirectories(target.getParent());
    // Beside the target and moved over it: a node starting at the same moment never loads half a file.
    Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
    try (InputStream in = connection.getInputStream()) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(partial, FileTime.fromMillis(modified));
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
