package io.parley.persistence.archive;

import com.typesafe.config.Config;
import io.parley.core.archive.ArchiveStore;

/** Opens the archive store that {@link ArchiveSettings} select. */
public final class ArchiveStores {
  private ArchiveStores() {}

  /**
   * The store of {@code parley.archive.*}; a bad setting fails here with the variable to fix, but
   * an unreachable storage does not (writes fail until it is back). The S3 store holds an HTTP
   * client: close it when the node stops, as an {@link AutoCloseable}.
   */
  public static ArchiveStore create(Config config) {
    return create(ArchiveSettings.create(config));
  }

  public static ArchiveStore create(ArchiveSettings settings) {
    return settings.s3().<ArchiveStore>map(S3ArchiveStore::new)
        .orElseGet(() -> new DirectoryArchiveStore(settings.directory()));
  }
}
