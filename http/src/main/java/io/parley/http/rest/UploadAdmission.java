package io.parley.http.rest;

import io.parley.core.attachment.AttachmentPolicy;
import io.parley.core.attachment.ImageLimits;
import io.parley.core.attachment.ImageScrubber;
import io.parley.core.attachment.ImageTooLargeException;
import io.parley.core.attachment.StoredBytes;
import io.parley.core.attachment.UnreadableImageException;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.UsageLimits;
import io.parley.core.limits.UploadLimits;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionView;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether an upload is taken into a conversation (docs/attachments.md#types-and-limits), in the
 * order that costs least: before a byte of it is read, the conversation (open, taking files, not
 * full), the declared size, and the address's and tenant's files and bytes ({@link UploadLimits});
 * once read, its type and, for an image, the sides, pixels and frames its header declares
 * ({@link ImageLimits#STANDARD}), before it is decoded to lose its metadata; once kept, the
 * tenant's storage quota ({@link StoredBytes}). Each refusal is an {@link UploadRefused}, counted by
 * its reason.
 */
public final class UploadAdmission {
  private final long maxBytes;
  private final UploadLimits limits;
  private final StoredBytes storedBytes;
  private final long storedBytesPerTenant;
  private final AttachmentMetrics metrics;
  private final Clock clock;

  /** {@code storedBytesPerTenant}: the storage quota of each tenant's files, {@code 0} none. */
  public UploadAdmission(long maxBytes, UploadLimits limits, StoredBytes storedBytes, long storedBytesPerTenant,
      AttachmentMetrics metrics, Clock clock) {
    this.maxBytes = maxBytes;
    this.limits = limits;
    this.storedBytes = storedBytes;
    this.storedBytesPerTenant = storedBytesPerTenant;
    this.metrics = metrics;
    this.clock = clock;
  }

  long maxBytes() {
    return maxBytes;
  }

  /**
   * The tenant's policy for a file of {@code declared} bytes (when the request says) from
   * {@code address} into {@code view}'s conversation, its file and declared bytes taken from the limits.
   *
   * @throws UploadRefused when the conversation takes no file now or a limit refuses
   */
  AttachmentPolicy beforeReading(SessionView view, Optional<String> address, OptionalLong declared) {
    if (view.closedAt().isPresent()) {
      throw new UploadRefused("closed", Refusal.of(ErrorCode.CONFLICT, "the conversation is closed"));
    }
    AttachmentPolicy policy = new AttachmentPolicy(maxBytes, view.info().botConfig().map(PinnedBotConfig::config)
        .map(BotConfig::allowedAttachments).orElse(AttachmentPolicy.DEFAULT_TYPES));
    if (policy.allowed().isEmpty()) throw UploadRefused.unsupported("this service takes no files");
    if (view.notes().attachments().size() >= AttachmentPolicy.MAX_PER_CONVERSATION) {
      throw new UploadRefused("full", Refusal.of(ErrorCode.TOO_LARGE, "a conversation holds at most "
          + AttachmentPolicy.MAX_PER_CONVERSATION + " attachments"));
    }
    if (declared.isPresent() && declared.getAsLong() > maxBytes) throw tooLarge();
    limits.file(view.info().tenant(), address, clock.instant()).ifPresent(UploadAdmission::refuse);
    if (declared.isPresent()) takeBytes(view, address, declared.getAsLong());
    return policy;
  }

  /**
   * Takes the {@code size} bytes of an upload into {@code view}'s conversation (read, when its
   * request did not declare them), within its tenant's own hourly limit where it set one.
   */
  void takeBytes(SessionView view, Optional<String> address, long size) {
    Optional<Long> tenantsOwn = view.info().botConfig().flatMap(pinned -> pinned.config().limits())
        .flatMap(UsageLimits::uploadBytesPerHour);
    limits.bytes(view.info().tenant(), address, size, tenantsOwn, clock.instant()).ifPresent(UploadAdmission::refuse);
  }

  /** The file past the size: 413. */
  UploadRefused tooLarge() {
    return new UploadRefused("too_large", Refusal.of(ErrorCode.TOO_LARGE, "the file is larger than the " + maxBytes
        + " bytes accepted"));
  }

  /**
   * {@code content} as it is kept: of a type the tenant takes, an image within the limits and
   * without its metadata. CPU work: decodes images.
   */
  static byte[] kept(AttachmentPolicy policy, byte[] content) {
    return switch (policy.admit(content)) {
      case AttachmentPolicy.Admission.TooLarge large ->
          throw new UploadRefused("too_large", Refusal.of(ErrorCode.TOO_LARGE, large.reason()));
      case AttachmentPolicy.Admission.Unsupported unsupported -> throw UploadRefused.unsupported(unsupported.reason());
      case AttachmentPolicy.Admission.Admitted admitted -> {
        try {
          ImageLimits.STANDARD.check(admitted.type(), content);
          yield ImageScrubber.scrub(admitted.type(), content);
        } catch (ImageTooLargeException e) {
          throw new UploadRefused("image_too_large", Refusal.of(ErrorCode.TOO_LARGE, e.getMessage()));
        } catch (UnreadableImageException e) {
          throw UploadRefused.unsupported(e.getMessage());
        }
      }
    };
  }

  /**
   * Counts {@code bytes} kept against {@code tenant}'s storage quota. Blocking (the database).
   *
   * @throws UploadRefused when they do not fit in it
   */
  void store(String tenant, long bytes) {
    if (!storedBytes.add(tenant, bytes, storedBytesPerTenant)) {
      throw new UploadRefused("storage_quota", Refusal.of(ErrorCode.TOO_LARGE, "your organisation's files take all of"
          + " the " + storedBytesPerTenant + " bytes it may store; ask it to remove some"));
    }
  }

  /** Gives back what {@link #store} counted for a file that was not kept after all. Blocking. */
  void unstore(String tenant, long bytes) {
    storedBytes.remove(tenant, bytes);
  }

  /** Counts {@code refused} under its reason. */
  void count(UploadRefused refused) {
    metrics.refused(refused.reason());
  }

  /** Counts {@code bytes} stored. */
  void stored(long bytes) {
    metrics.stored(bytes);
  }

  private static void refuse(UploadLimits.Refused refused) {
    throw new UploadRefused(refused.limit(), refused.refusal());
  }
}
