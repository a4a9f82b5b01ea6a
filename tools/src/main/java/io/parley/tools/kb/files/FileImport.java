package io.parley.tools.kb.files;

import io.parley.core.attachment.UnreadableImageException;
import io.parley.core.compute.CpuWork;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.SessionId;
import io.parley.tools.kb.KbDocument;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Files uploaded to a tenant's knowledge base, one by one or as a zip (docs/knowledge-sources.md#files),
 * read into documents: the upload is read and its text extracted on a pool of its own ({@code
 * parley-kb-files}) within {@link FileBounds}; a zip refused (a path out of it, a bomb, too many
 * files, out of time) gives nothing. A file that cannot be read fails alone, saying why. The files
 * source they are uploaded to ({@code io.parley.tools.kb.sources.FileSourceUpload}) stores them,
 * on the same pool ({@link #store}).
 */
public final class FileImport {
  /** What became of one file: {@code status} {@code imported}, {@code updated}, {@code unchanged} or {@code failed} (with {@code reason}). */
  public record Imported(String path, String documentId, String status, Optional<String> reason, String title) {}

  /**
   * A file of an upload, read: its document, or why it is none.
   *
   * @param upload the upload's name ("help.zip", "faq.md")
   * @param path the file's path: a zip's entry's, else the upload's name
   */
  public record Read(String upload, String path, Optional<NewDocument> document, Optional<String> reason) {
    /** Where the file is in its source: its name, or its zip's, {@code !/} and its path in the zip. */
    public String page() {
      return path.equals(upload) ? path : upload + "!/" + path;
    }
  }

  private final KnowledgeBase knowledgeBase;
  private final CpuWork pool;
  private final FileBounds bounds;
  private final LongSupplier nanoTime;

  public FileImport(KnowledgeBase knowledgeBase, CpuWork pool, FileBounds bounds, LongSupplier nanoTime) {
    this.knowledgeBase = knowledgeBase;
    this.pool = pool;
    this.bounds = bounds;
    this.nanoTime = nanoTime;
  }

  public FileBounds bounds() {
    return bounds;
  }

  /**
   * Reads the upload {@code name} ({@code content}: one file, or a zip of files) into documents, on the pool.
   *
   * @throws IllegalArgumentException when the upload as a whole is refused, saying why
   */
  public List<Read> read(String tenant, String name, byte[] content) {
    SessionId.requireTenant(tenant);
    if (content.length > bounds.maxUploadBytes()) {
      throw new IllegalArgumentException("the upload is " + content.length + " bytes; this server's limit is "
          + bounds.maxUploadBytes());
    }
    String path = uploadName(name);
    return pool.run(tenant, () -> extract(path, content));
  }

  /**
   * The name an upload's files are kept under: {@code name} stripped, "upload" when it is blank.
   *
   * @throws IllegalArgumentException when it climbs out of its folder ({@code ..}, an absolute path)
   */
  public static String uploadName(String name) {
    return ArchiveEntries.safePath(name == null || name.isBlank() ? "upload" : name.strip());
  }

  /** Stores a file's document under {@code id} ({@link KnowledgeBase#put}), chunked and embedded on the pool. */
  public KbDocument store(String tenant, String id, NewDocument document, Optional<LanguageTag> tenantLanguage) {
    return pool.run(tenant, () -> knowledgeBase.put(tenant, id, document, tenantLanguage));
  }

  private List<Read> extract(String path, byte[] content) {
    ExtractionClock clock = new ExtractionClock(bounds.timeLimit(), nanoTime);
    List<UploadedFile> files = ArchiveEntries.isZip(content) && !path.toLowerCase(Locale.ROOT).endsWith(".docx")
        ? ArchiveEntries.read(content, bounds, clock) : List.of(new UploadedFile(path, content));
    List<Read> extracted = new ArrayList<>();
    for (UploadedFile file : files) {
      clock.check();
      try {
        extracted.add(new Read(path, file.path(), Optional.of(FileText.of(file, bounds, clock)), Optional.empty()));
      } catch (ExtractionClock.OutOfTime e) {
        throw e;
      } catch (IllegalArgumentException | UnreadableImageException e) {
        extracted.add(new Read(path, file.path(), Optional.empty(), Optional.of(file.path() + " " + e.getMessage())));
      }
    }
    return extracted;
  }
}
