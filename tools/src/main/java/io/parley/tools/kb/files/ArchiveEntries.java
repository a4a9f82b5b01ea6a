package io.parley.tools.kb.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The files of a zip, read within {@link FileBounds}: an entry whose name climbs out of the archive
 * ({@code ..}, an absolute path, a drive letter) refuses the whole zip, as does one file too many or
 * a byte past the bytes allowed. The bytes are counted as they are inflated, never taken from the
 * zip's headers, which a bomb lies in (and a streamed zip leaves empty): a bomb stops at the limit.
 */
final class ArchiveEntries {
  private static final int BUFFER = 8192;

  private ArchiveEntries() {}

  static boolean isZip(byte[] content) {
    return content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
  }

  /** @throws IllegalArgumentException saying why the zip is refused; nothing of it is kept then */
  static List<UploadedFile> read(byte[] zip, FileBounds bounds, ExtractionClock clock) {
    List<UploadedFile> files = new ArrayList<>();
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        clock.check();
        String path = safePath(entry.getName());
        if (entry.isDirectory()) continue;
        if (files.size() == bounds.maxFiles()) {
          throw new IllegalArgumentException("the zip holds more than " + bounds.maxFiles() + " files, this server's limit");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        int read;
        while ((read = in.read(buffer)) > 0) {
          total += read;
          if (total > bounds.maxExtractedBytes()) {
            throw new IllegalArgumentException("the zip's files hold more than " + bounds.maxExtractedBytes()
                + " bytes, this server's limit (a zip bomb is refused this way too)");
          }
          out.write(buffer, 0, read);
          clock.check();
        }
        files.add(new UploadedFile(path, out.toByteArray()));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the zip cannot be read: " + e.getMessage());
    }
    return files;
  }

  /** The entry's name, refused if it would be written outside the archive's own folder. */
  static String safePath(String name) {
    String path = name.replace('\\', '/');
    boolean climbs = path.startsWith("/") || path.matches("^[A-Za-z]:.*")
        || List.of(path.split("/")).contains("..") || path.indexOf('\0') >= 0;
    if (climbs) {
      throw new IllegalArgumentException("the zip's entry " + name.replace('\0', '?')
          + " points outside the zip (an absolute path or ..): refused");
    }
    return path.toLowerCase(Locale.ROOT).startsWith("./") ? path.substring(2) : path;
  }
}
