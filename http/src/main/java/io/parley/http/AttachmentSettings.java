package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.attachment.ImageBounds;
import io.parley.core.config.SettingsReader;
import io.parley.core.limits.UploadLimits;

/**
 * Attachments' node settings (docs/attachments.md#limits-on-uploading): {@code PARLEY_ATTACHMENT_MAX_BYTES}
 * ({@code parley.attachments.max-bytes}), {@code PARLEY_ATTACHMENT_IMAGE_MAX_SIDE}
 * ({@code parley.attachments.image-max-side}), and the upload limits per client address and per
 * tenant, {@code PARLEY_ATTACHMENT_FILES_PER_MINUTE_PER_ADDRESS}, {@code ..._PER_TENANT},
 * {@code PARLEY_ATTACHMENT_BYTES_PER_HOUR_PER_ADDRESS} and {@code ..._PER_TENANT}, and each tenant's
 * storage quota, {@code PARLEY_ATTACHMENT_STORED_BYTES_PER_TENANT}.
 */
public record AttachmentSettings(long maxBytes, ImageBounds imageBounds, UploadLimits.Settings uploads,
    long storedBytesPerTenant) {
  static AttachmentSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new AttachmentSettings(settings.bytes("parley.attachments.max-bytes", "PARLEY_ATTACHMENT_MAX_BYTES"),
        new ImageBounds(Math.max(16, settings.positiveInt("parley.attachments.image-max-side",
            "PARLEY_ATTACHMENT_IMAGE_MAX_SIDE"))),
        new UploadLimits.Settings(
            settings.nonNegativeInt("parley.attachments.files-per-minute-per-address",
                "PARLEY_ATTACHMENT_FILES_PER_MINUTE_PER_ADDRESS"),
            settings.nonNegativeInt("parley.attachments.files-per-minute-per-tenant",
                "PARLEY_ATTACHMENT_FILES_PER_MINUTE_PER_TENANT"),
            settings.bytesOrZero("parley.attachments.bytes-per-hour-per-address",
                "PARLEY_ATTACHMENT_BYTES_PER_HOUR_PER_ADDRESS"),
            settings.bytesOrZero("parley.attachments.bytes-per-hour-per-tenant",
                "PARLEY_ATTACHMENT_BYTES_PER_HOUR_PER_TENANT")),
        settings.bytesOrZero("parley.attachments.stored-bytes-per-tenant",
            "PARLEY_ATTACHMENT_STORED_BYTES_PER_TENANT"));
  }
}
