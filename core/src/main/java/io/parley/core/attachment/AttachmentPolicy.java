package io.parley.core.attachment;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which files a tenant's conversations take: {@code allowed} types, as their content shows them,
 * of at most {@code maxBytes}. A refusal says why in words a customer's page can show.
 */
public record AttachmentPolicy(long maxBytes, Set<AttachmentType> allowed) {
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  public static final Set<AttachmentType> DEFAULT_TYPES = Set.of(AttachmentType.values());
  /** The files one conversation holds at most, so its state stays small. */
  public static final int MAX_PER_CONVERSATION = 100;

  public AttachmentPolicy {
    if (maxBytes < 1) throw new IllegalArgumentException("an attachment's size limit must be positive, got " + maxBytes);
    allowed = Set.copyOf(allowed);
  }

  /** What becomes of an uploaded file. */
  public sealed interface Admission {
    record Admitted(AttachmentType type) implements Admission {}

    record TooLarge(String reason) implements Admission {}

    record Unsupported(String reason) implements Admission {}
  }

  public Admission admit(byte[] content) {
    if (content.length > maxBytes) {
      return new Admission.TooLarge("the file has " + content.length + " bytes; at most " + maxBytes + " are accepted");
    }
    Optional<AttachmentType> type = ContentSniffer.detect(content);
    if (type.isEmpty()) {
      return new Admission.Unsupported("the file's content is none of the accepted types (" + accepted() + ")");
    }
    if (!allowed.contains(type.get())) {
      return new Admission.Unsupported("the file is " + type.get().mediaType() + ", which this service does not accept ("
          + accepted() + ")");
    }
    return new Admission.Admitted(type.get());
  }

  private String accepted() {
    return allowed.stream().map(AttachmentType::mediaType).sorted().collect(Collectors.joining(", "));
  }
}
