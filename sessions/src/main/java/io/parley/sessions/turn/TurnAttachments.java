package io.parley.sessions.turn;

import io.parley.core.attachment.AttachmentsForModel;
import io.parley.core.prompt.AssembledPrompt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a turn's message carries, as its model is given them (docs/attachments.md): read from
 * the store on the blocking dispatcher while the turn recalls memories, prepared on the CPU pool,
 * and added to the message answered. Files that cannot be read are named to the model instead.
 */
final class TurnAttachments {
  static final AttachmentsForModel.Given NONE = new AttachmentsForModel.Given("", List.of());
  private static final Logger LOG = LoggerFactory.getLogger(TurnAttachments.class);

  private TurnAttachments() {}

  static CompletionStage<AttachmentsForModel.Given> read(Answering services, TurnRequest request, Executor blocking) {
    if (request.attachments().isEmpty()) return CompletableFuture.completedFuture(NONE);
    return CompletableFuture.supplyAsync(() -> services.attachments().of(request.sessionId(), request.attachments(),
        request.bot().seesImages(), request.placeholders()::redact), blocking)
        .exceptionally(failure -> {
          LOG.warn("tenant {} session {}: the turn's attachments could not be read; the model is told their names",
              request.sessionId().tenant(), request.sessionId().wireId(), failure);
          return AttachmentsForModel.NONE.of(request.sessionId(), request.attachments(), false,
              request.placeholders()::redact);
        });
  }

  /** {@code prompt} with the files added to its last message, the one answered. */
  static AssembledPrompt shown(AssembledPrompt prompt, AttachmentsForModel.Given files) {
    if (files.text().isEmpty() && files.images().isEmpty()) return prompt;
    return prompt.withLatest(latest -> latest.withAttached(files.text(), files.images()), files.imageTokens());
  }
}
