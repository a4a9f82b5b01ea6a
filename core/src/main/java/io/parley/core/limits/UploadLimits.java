package io.parley.core.limits;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How many files, and how many of their bytes, a node takes into conversations, per client address
 * and per tenant (docs/attachments.md#limits-on-uploading): without it one anonymous client fills
 * the store, a new session at a time. Each is a token bucket: files a minute with a minute's worth
 * as the burst, bytes an hour with an hour's worth; {@code 0} is no limit. A tenant's configuration
 * may lower its own ({@code tenantBytesPerHour}). The counts are the node's own (a cluster of n
 * nodes behind a balancer takes up to n times as much). Thread-safe; given the time, so tested
 * without sleeping.
 */
public final class UploadLimits {
  /** The node's limits; each {@code 0} is none. */
  public record Settings(int filesPerMinutePerAddress, int filesPerMinutePerTenant, long bytesPerHourPerAddress,
      long bytesPerHourPerTenant) {
    public Settings {
      if (filesPerMinutePerAddress < 0 || filesPerMinutePerTenant < 0 || bytesPerHourPerAddress < 0
          || bytesPerHourPerTenant < 0) {
        throw new IllegalArgumentException("upload limits must be >= 0");
      }
    }
  }

  /** Which limit refused ({@code files_per_address}, {@code bytes_per_tenant}, ...), and when to try again. */
  public record Refused(String limit, Duration retryAfter) {
    /** As the client reads it: {@code rate_limited} (429), with when to try again. */
    public Refusal refusal() {
      String what = limit.startsWith("files") ? "too many files" : "too many bytes of files";
      return Refusal.retryLater(ErrorCode.RATE_LIMITED, what + " uploaded lately (" + limit.replace('_', ' ')
          + "); try again later", retryAfter.toMillis());
    }
  }

  private final Settings settings;
  private final KeyedBuckets files = new KeyedBuckets();
  private final KeyedBuckets bytes = new KeyedBuckets();

  public UploadLimits(Settings settings) {
    this.settings = settings;
  }

  public static UploadLimits none() {
    return new UploadLimits(new Settings(0, 0, 0, 0));
  }

  /** Takes one file of {@code tenant} from {@code address} (empty when unknown: only the tenant's limit counts). */
  public Optional<Refused> file(String tenant, Optional<String> address, Instant now) {
    if (address.isPresent()) {
      Optional<Duration> wait = files.take("address " + address.get(), settings.filesPerMinutePerAddress(), now);
      if (wait.isPresent()) return Optional.of(new Refused("files_per_address", wait.get()));
    }
    return files.take("tenant " + tenant, settings.filesPerMinutePerTenant(), now)
        .map(wait -> new Refused("files_per_tenant", wait));
  }

  /**
   * Takes {@code size} bytes of {@code tenant} from {@code address}; the tenant's configuration may
   * lower its limit to {@code tenantBytesPerHour}. A file larger than a limit's hour costs the whole hour.
   */
  public Optional<Refused> bytes(String tenant, Optional<String> address, long size, Optional<Long> tenantBytesPerHour,
      Instant now) {
    if (address.isPresent()) {
      Optional<Duration> wait = hourly(bytes, "address " + address.get(), settings.bytesPerHourPerAddress(), size, now);
      if (wait.isPresent()) return Optional.of(new Refused("bytes_per_address", wait.get()));
    }
    long perTenant = lower(tenantBytesPerHour, settings.bytesPerHourPerTenant());
    return hourly(bytes, "tenant " + tenant, perTenant, size, now).map(wait -> new Refused("bytes_per_tenant", wait));
  }

  private static Optional<Duration> hourly(KeyedBuckets buckets, String key, long perHour, long cost, Instant now) {
    return buckets.take(key, perHour / 60.0, perHour, cost, now);
  }

  /** The tenant's own limit where the node has none, else the lower of the two. */
  private static long lower(Optional<Long> own, long node) {
    if (node == 0) return own.orElse(0L);
    return Math.min(own.orElse(node), node);
  }
}
