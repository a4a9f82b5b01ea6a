package io.parley.http.rest.analytics;

import io.parley.core.AsyncCause;
import io.parley.core.identity.Action;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.UnreadBodies;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.tools.kb.files.FileBounds;
import io.parley.tools.kb.files.FileImport;
import io.parley.tools.kb.sources.KnowledgeSources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.util.ByteString;

/**
 * Files uploaded to the caller's tenant's knowledge base by its admins: {@code POST
 * /v1/kb/files?name=<file name>&source=<files source id>}, the body the file's bytes (HTML,
 * Markdown, PDF, Word, text) or a zip of such files; each becomes a document of the files source
 * (without {@code source}, the tenant's first, made when it has none), and the answer names the
 * source and says what became of each file. The body is read as it arrives and refused at the first
 * byte past the node's bound; a refusal before it is read (the caller's, a declared length past the
 * bound) is answered once the body is heard out ({@link UnreadBodies}). Reading and storing run in
 * {@link KnowledgeSources#upload}, on the files' pool ({@link FileImport}).
 */
public final class KnowledgeFileRoutes extends StoreRoutes {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  record FileJson(String path, String documentId, String status, String reason, String title) {
    static FileJson of(FileImport.Imported file) {
      return new FileJson(file.path(), file.documentId(), file.status(), file.reason().orElse(null), file.title());
    }
  }

  record FilesJson(String source, List<FileJson> files) {}

  private final KnowledgeSources sources;
  private final FileBounds bounds;

  public KnowledgeFileRoutes(KnowledgeSources sources, FileBounds bounds, Callers callers, StoreCalls calls) {
    super(callers, calls);
    this.sources = sources;
    this.bounds = bounds;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("kb").slash("files"), () -> post(() -> UnreadBodies.drained(() ->
        callers.caller(caller -> callers.audited(caller, Action.WRITE_KNOWLEDGE_BASE, "kb.files.upload", () ->
            parameterOptional("name", name -> parameterOptional("source", source -> withSizeLimit(bounds.maxUploadBytes(), () ->
                extractMaterializer(materializer -> extractRequestEntity(entity -> completeWithFuture(entity.getDataBytes()
                    .completionTimeout(READ_TIMEOUT).runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
                    .thenCompose(body -> calls.answer(() -> upload(caller.tenant(), source, name.orElse("upload"), body.toArray())))
                    .exceptionally(this::tooLarge))))))))))));
  }

  private HttpResponse upload(String tenant, Optional<String> source, String name, byte[] content) {
    try {
      return sources.upload(tenant, source, name, content)
          .map(upload -> calls.json(StatusCodes.OK, new FilesJson(upload.sourceId(),
              upload.files().stream().map(FileJson::of).toList())))
          .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no knowledge source " + source.orElse("")
              + " in this tenant"));
    } catch (IllegalStateException busy) {
      return calls.errors().response(ErrorCode.CONFLICT, busy.getMessage());
    }
  }

  private HttpResponse tooLarge(Throwable failure) {
    if (AsyncCause.of(failure) instanceof EntityStreamSizeException) {
      return calls.errors().response(ErrorCode.TOO_LARGE, "the upload is larger than this server's limit of "
          + bounds.maxUploadBytes() + " bytes (PARLEY_KB_FILES_MAX_UPLOAD_BYTES)");
    }
    return calls.errors().response(ErrorCode.BAD_REQUEST, "the upload could not be read: " + AsyncCause.of(failure).getMessage());
  }
}
