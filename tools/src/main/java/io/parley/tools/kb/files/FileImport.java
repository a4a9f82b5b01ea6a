package io.parley.tools.kb.files;

import io.parley.core.attachment.UnreadableImageException;
import io.parley.core.compute.CpuWork;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.SessionId;
import io.parley.tools.kb.DocumentVersion;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Files uploaded to a tenant's knowledge base, one by one or as a zip (docs/knowledge-sources.md#files):
 * each becomes a document under an id fixed by its path, so uploading a file again replaces it. The
 * upload is read and its text extracted on a pool of its own ({@code parley-kb-files}) within
 * {@link FileBounds}; a zip refused (a path out of it, a bomb, too many files, out of time) stores
 * nothing. A file that cannot be read fails alone, saying why; the others are stored.
 */
public final class FileImport {
  /** What became of one file: {@code status} {@code imported}, {@code updated}, {@code unchanged} or {@code failed} (with {@code reason}). */
  public record Imported(String path, String documentId, String status, Optional<String> reason, String title) {}

  /** A file read, with its document or why it is none. */
  private record Extracted(UploadedFile file, Optional<NewDocument> document, Optional<String> reason) {}

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
   * Stores the upload {@code name} ({@code content}: one file, or a zip of files) as documents.
   *
   * @throws IllegalArgumentException when the upload as a whole is refused, saying why; nothing is stored
   */
  public List<Imported> upload(String tenant, String name, byte[] content, Optional<LanguageTag> tenantLanguage) {
    SessionId.requireTenant(tenant);
    if (content.length > bounds.maxUploadBytes()) {
      throw new IllegalArgumentException("the upload is " + content.length + " bytes; this server's limit is "
          + bounds.maxUploadBytes());
    }
    String path = ArchiveEntries.safePath(name == null || name.isBlank() ? "upload" : name.strip());
    List<Extracted> extracted = pool.run(tenant, () -> extract(path, content));
    List<Imported> imported = new ArrayList<>();
    for (Extracted file : extracted) {
      String id = documentId(tenant, file.file().path());
      if (file.document().isEmpty()) {
        imported.add(new Imported(file.file().path(), id, "failed", file.reason(), ""));
        continue;
      }
      NewDocument document = file.document().get();
      List<DocumentVersion> versions = knowledgeBase.versions(tenant, id);
      boolean same = !versions.isEmpty() && versions.getLast().retiredAt().isEmpty()
          && versions.getLast().contentHash().equals(document.contentHash());
      try {
        if (!same) pool.run(tenant, () -> knowledgeBase.put(tenant, id, document, tenantLanguage));
        imported.add(new Imported(file.file().path(), id, same ? "unchanged" : versions.isEmpty() ? "imported" : "updated",
            Optional.empty(), document.title()));
      } catch (IllegalArgumentException e) {
        imported.add(new Imported(file.file().path(), id, "failed", Optional.of(e.getMessage()), document.title()));
      }
    }
    return imported;
  }

  private List<Extracted> extract(String path, byte[] content) {
    ExtractionClock clock = new ExtractionClock(bounds.timeLimit(), nanoTime);
    List<UploadedFile> files = ArchiveEntries.isZip(content) && !path.toLowerCase(Locale.ROOT).endsWith(".docx")
        ? ArchiveEntries.read(content, bounds, clock) : List.of(new UploadedFile(path, content));
    List<Extracted> extracted = new ArrayList<>();
    for (UploadedFile file : files) {
      clock.check();
      try {
        extracted.add(new Extracted(file, Optional.of(FileText.of(file, bounds, clock)), Optional.empty()));
      } catch (ExtractionClock.OutOfTime e) {
        throw e;
      } catch (IllegalArgumentException | UnreadableImageException e) {
        extracted.add(new Extracted(file, Optional.empty(), Optional.of(file.path() + " " + e.getMessage())));
      }
    }
    return extracted;
  }

  /** A file's document id from its tenant and path: the same file uploaded again is the same document. */
  static String documentId(String tenant, String path) {
    return UUID.nameUUIDFromBytes((tenant + "\nfile\n" + path).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
