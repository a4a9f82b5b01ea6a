package io.parley.http.rest.analytics;

import io.parley.core.AsyncCause;
import io.parley.core.identity.Action;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.tools.kb.files.FileImport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.util.ByteString;

/**
 * Files uploaded to the caller's tenant's knowledge base by its admins: {@code POST
 * /v1/kb/files?name=<file name>}, the body the file's bytes (HTML, Markdown, PDF, Word, text) or a
 * zip of such files; each becomes a document, and the answer says what became of each. The body is
 * read as it arrives and refused at the first byte past the node's bound; extraction runs in
 * {@link FileImport}, on its pool.
 */
public final class KnowledgeFileRoutes extends StoreRoutes {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  record FileJson(String path, String documentId, String status, String reason, String title) {
    static FileJson of(FileImport.Imported file) {
      return new FileJson(file.path(), file.documentId(), file.status(), file.reason().orElse(null), file.title());
    }
  }

  record FilesJson(List<FileJson> files) {}

  private final FileImport files;
  private final Function<String, Optional<LanguageTag>> tenantLanguages;

  public KnowledgeFileRoutes(FileImport files, Function<String, Optional<LanguageTag>> tenantLanguages, Callers callers,
      StoreCalls calls) {
    super(callers, calls);
    this.files = files;
    this.tenantLanguages = tenantLanguages;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("kb").slash("files"), () -> post(() -> callers.caller(caller ->
        callers.audited(caller, Action.WRITE_KNOWLEDGE_BASE, "kb.files.upload", () -> parameterOptional("name", name ->
            withSizeLimit(files.bounds().maxUploadBytes(), () -> extractMaterializer(materializer ->
                extractRequestEntity(entity -> completeWithFuture(entity.getDataBytes().completionTimeout(READ_TIMEOUT)
                    .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
                    .thenCompose(body -> calls.answer(() -> calls.json(StatusCodes.OK, new FilesJson(files.upload(
                        caller.tenant(), name.orElse("upload"), body.toArray(), tenantLanguage(caller.tenant()))
                        .stream().map(FileJson::of).toList()))))
                    .exceptionally(this::tooLarge))))))))));
  }

  /**
   * The tenant's language, the fallback of a file whose text does not tell; none while its
   * configuration cannot be read (a node starting), rather than refusing the upload.
   */
  private Optional<LanguageTag> tenantLanguage(String tenant) {
    try {
      return tenantLanguages.apply(tenant);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private HttpResponse tooLarge(Throwable failure) {
    if (AsyncCause.of(failure) instanceof EntityStreamSizeException) {
      return calls.errors().response(ErrorCode.TOO_LARGE, "the upload is larger than this server's limit of "
          + files.bounds().maxUploadBytes() + " bytes (PARLEY_KB_FILES_MAX_UPLOAD_BYTES)");
    }
    return calls.errors().response(ErrorCode.BAD_REQUEST, "the upload could not be read: " + AsyncCause.of(failure).getMessage());
  }
}
