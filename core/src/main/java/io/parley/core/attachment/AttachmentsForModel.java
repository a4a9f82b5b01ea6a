package io.parley.core.attachment;

import io.parley.core.compute.CpuWork;
import io.parley.core.prompt.DataFence;
import io.parley.core.session.SessionId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What a model is given of the files a customer's message carries (docs/attachments.md): with
 * vision, each image as a data URL within {@code bounds}; without, a line naming it; a document's
 * text fenced as data, cut to {@code maxChars} and passed through the turn's redaction. Reading
 * blocks (the key and object stores): call it off the actor threads; decoding, resizing and PDF
 * text run on {@code cpu}.
 */
public record AttachmentsForModel(Optional<AttachmentStore> store, Optional<CpuWork> cpu, ImageBounds bounds,
    int maxChars) {
  /** A node without attachments: files are only named. */
  public static final AttachmentsForModel NONE =
      new AttachmentsForModel(Optional.empty(), Optional.empty(), new ImageBounds(ImageBounds.DEFAULT_MAX_SIDE),
          DocumentText.DEFAULT_MAX_CHARS);

  /** Text to add after the message's own, and the images to show. */
  public record Given(String text, List<String> images) {
    public int imageTokens() {
      return images.size() * ImageBounds.TOKENS_PER_IMAGE;
    }
  }

  public Given of(SessionId session, List<Attachment> files, boolean vision, UnaryOperator<String> redact) {
    List<String> lines = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (Attachment file : files) {
      Optional<AttachmentType> type = AttachmentType.ofMediaType(file.contentType());
      Optional<byte[]> content = type.isPresent() && (vision || !file.isImage()) ? read(session, file) : Optional.empty();
      String name = redact.apply(file.name());
      if (content.isEmpty()) {
        lines.add("[The customer attached " + (file.isImage() ? "an image" : "a file") + ": " + name + "]");
      } else if (file.isImage()) {
        shown(session, type.get(), content.get()).ifPresent(images::add);
        lines.add("[The customer attached an image: " + name + "]");
      } else {
        String text = onCpu(session, () -> DocumentText.of(type.get(), content.get(), maxChars));
        lines.add(text.isEmpty() ? "[The customer attached a file without text: " + name + "]"
            : DataFence.fence("the customer's file " + name, redact.apply(text)));
      }
    }
    return new Given(String.join("\n", lines), images);
  }

  /**
   * The image as a data URL; empty, so it is only named, when its header is past {@link ImageLimits}
   * (a file stored before the limits were checked at upload).
   */
  private Optional<String> shown(SessionId session, AttachmentType type, byte[] content) {
    try {
      ImageBounds.Bounded shown = onCpu(session, () -> bounds.bound(type, content));
      return Optional.of("data:" + shown.mediaType() + ";base64," + Base64.getEncoder().encodeToString(shown.content()));
    } catch (ImageTooLargeException e) {
      return Optional.empty();
    }
  }

  private Optional<byte[]> read(SessionId session, Attachment file) {
    return store.flatMap(files -> files.get(session, file.attachmentId()));
  }

  private <T> T onCpu(SessionId session, Supplier<T> work) {
    return cpu.map(pool -> pool.run(session.tenant(), work)).orElseGet(work);
  }
}
