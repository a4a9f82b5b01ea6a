package io.parley.http.rest;

import io.parley.core.AsyncCause;
import io.parley.core.attachment.Attachment;
import io.parley.core.attachment.AttachmentKeys;
import io.parley.core.attachment.AttachmentName;
import io.parley.core.attachment.AttachmentPolicy;
import io.parley.core.attachment.AttachmentStore;
import io.parley.core.attachment.ContentSniffer;
import io.parley.core.compute.CpuWork;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Audit;
import io.parley.http.chat.AttachmentJson;
import io.parley.http.auth.Callers;
import io.parley.core.session.Refusal;
import io.parley.http.edge.Refusals;
import io.parley.http.edge.UnreadBodies;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * A conversation's files (docs/attachments.md): {@code POST /v1/sessions/{id}/attachments} takes
 * one as the raw body ({@code ?name=} its name), {@code GET /v1/sessions/{id}/attachments/{attachmentId}}
 * gives it back. Both answer the session's customer and its tenant's staff; anyone else learns
 * nothing, not even that the session exists ({@code 404}). An upload is checked before its body is
 * read (the caller, the session, the declared size, the upload limits: {@link UploadAdmission}), then
 * read as it arrives, refused ({@code 413}) at the first byte past the size. Its type is what its
 * content shows; one the tenant does not take is {@code 415}; an image past the limits its header
 * declares {@code 413}; nothing is stored for any of them. An image is stored without its metadata;
 * checking and scrubbing run on {@link CpuWork}, storing on the blocking dispatcher.
 */
public final class AttachmentRoutes extends AllDirectives {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final ChatSessions sessions;
  private final AttachmentStore store;
  private final UploadAdmission admission;
  private final JsonBodies bodies;
  private final ApiError errors;
  private final Callers callers;
  private final Audit audit;
  private final CpuWork cpu;
  private final Executor blocking;
  private final Duration askTimeout;

  public AttachmentRoutes(ChatSessions sessions, AttachmentStore store, UploadAdmission admission, JsonBodies bodies,
      ApiError errors, Callers callers, CpuWork cpu, Executor blocking, Duration askTimeout) {
    this.sessions = sessions;
    this.store = store;
    this.admission = admission;
    this.bodies = bodies;
    this.errors = errors;
    this.callers = callers;
    this.audit = callers.audit();
    this.cpu = cpu;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("sessions").slash(PathMatchers.segment()).slash("attachments"),
        rawId -> UnreadBodies.drained(() -> callers.caller(caller -> withSession(caller.tenant(), rawId, id -> concat(
            pathEnd(() -> post(() -> audit.recordedForStaff(caller, "session.attachment.upload", () ->
                upload(caller, id)))),
            path(PathMatchers.segment(), attachmentId -> get(() -> audit.recordedForStaff(caller,
                "session.attachment.read", () -> completeWithFuture(fetch(caller, id, attachmentId))))))))));
  }

  private Route withSession(String tenant, String rawId, Function<SessionId, Route> inner) {
    try {
      return inner.apply(SessionId.of(tenant, rawId));
    } catch (IllegalArgumentException e) {
      return complete(errors.response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
  }

  /**
   * The session's view and the limits first; only then the body, read as it arrives and failed at
   * the first byte past the size (not collected whole by {@code toStrict}, whose own bound is lower).
   * A refusal before the body is read is answered once the body is heard out ({@link UnreadBodies}).
   */
  private Route upload(Caller caller, SessionId id) {
    return callers.clientAddress(address -> parameterOptional("name", name -> withSizeLimit(admission.maxBytes(), () ->
        extractMaterializer(materializer -> extractRequestEntity(entity -> {
          OptionalLong declared = entity.getContentLengthOption();
          return completeWithFuture(visibleView(caller, id).thenCompose(view -> {
            AttachmentPolicy policy = admission.beforeReading(view, address, declared);
            return read(entity, materializer).thenApply(content -> {
              if (declared.isEmpty()) admission.takeBytes(view, address, content.length);
              return content;
            }).thenCompose(content -> added(id, AttachmentName.clean(name.orElse(null)), policy, content));
          }).exceptionally(this::refused));
        })))));
  }

  private static CompletionStage<byte[]> read(RequestEntity entity, Materializer materializer) {
    return entity.getDataBytes().completionTimeout(READ_TIMEOUT)
        .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
        .thenApply(ByteString::toArray);
  }

  /**
   * Checked and scrubbed on the CPU pool, stored sealed from the blocking dispatcher, then named in
   * the conversation.
   */
  private CompletionStage<HttpResponse> added(SessionId id, String name, AttachmentPolicy policy, byte[] content) {
    return CompletableFuture.supplyAsync(() -> {
      Attachment attachment = new Attachment(AttachmentKeys.newId(), name, "", 0, Instant.now());
      byte[] kept = cpu.run(id.tenant(), () -> UploadAdmission.kept(policy, content));
      admission.store(id.tenant(), kept.length);
      try {
        store.put(id, attachment.attachmentId(), kept);
      } catch (RuntimeException e) {
        admission.unstore(id.tenant(), kept.length);
        throw e;
      }
      String type = ContentSniffer.detect(kept).orElseThrow().mediaType();
      return new Attachment(attachment.attachmentId(), name, type, kept.length, attachment.at());
    }, blocking).thenCompose(stored -> sessions.entity(id)
        .<Attachment>askWithStatus(replyTo -> new SessionCommand.AddAttachment(stored, replyTo), askTimeout)
        .whenCompleteAsync((added, failure) -> {
          // Refused after its bytes were stored (the conversation closed meanwhile): none are kept.
          if (failure != null && store.delete(id, stored.attachmentId())) admission.unstore(id.tenant(), stored.size());
        }, blocking))
        .thenApply(added -> {
          admission.stored(added.size());
          return bodies.response(StatusCodes.CREATED, AttachmentJson.of(id.wireId(), added));
        });
  }

  private CompletionStage<HttpResponse> fetch(Caller caller, SessionId id, String attachmentId) {
    return visibleView(caller, id).thenApplyAsync(view -> {
      Attachment attachment = view.notes().attachment(attachmentId).orElseThrow(() -> notFound("no such attachment"));
      byte[] content = store.get(id, attachmentId).orElseThrow(() -> notFound("no such attachment"));
      return served(attachment, content);
    }, blocking).exceptionally(this::refused);
  }

  /** Downloaded, never rendered as a page by the browser; an image may show inline. */
  private static HttpResponse served(Attachment attachment, byte[] content) {
    ContentType type = attachment.contentType().startsWith("text/")
        ? ContentTypes.TEXT_PLAIN_UTF8
        : ContentTypes.parse(attachment.contentType());
    return HttpResponse.create().withStatus(StatusCodes.OK)
        .withEntity(HttpEntities.create(type, content))
        .addHeader(RawHeader.create("Content-Disposition", AttachmentName.disposition(attachment.isImage(), attachment.name())))
        .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
        .addHeader(RawHeader.create("Content-Security-Policy", "default-src 'none'; sandbox"))
        .addHeader(RawHeader.create("Cache-Control", "private, no-store"));
  }

  /** The session's view when the caller may use it; otherwise not found, as a session of another tenant is. */
  private CompletionStage<SessionView> visibleView(Caller caller, SessionId id) {
    return sessions.entity(id).<SessionView>askWithStatus(SessionCommand.GetView::new, askTimeout).thenApply(view -> {
      if (AccessPolicy.mayUseSession(caller, view.info().userId()) instanceof Decision.Forbidden) {
        throw notFound("no such session");
      }
      return view;
    });
  }

  private static Refusal notFound(String message) {
    return Refusal.of(ErrorCode.NOT_FOUND, message);
  }

  private HttpResponse refused(Throwable failure) {
    Throwable cause = AsyncCause.of(failure);
    if (cause instanceof EntityStreamSizeException) cause = admission.tooLarge();
    if (cause instanceof UploadRefused refused) {
      admission.count(refused);
      return refused.refusal().map(errors::response).orElseGet(() -> errors.response(
          StatusCodes.UNSUPPORTED_MEDIA_TYPE.intValue(), "unsupported_media_type", refused.getMessage()));
    }
    return errors.response(Refusals.of(failure, "the session"));
  }
}
