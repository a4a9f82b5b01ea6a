package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.attachment.ImageBounds;
import io.parley.core.config.SettingsReader;

/**
 * Attachments' node settings: {@code PARLEY_ATTACHMENT_MAX_BYTES} ({@code parley.attachments.max-bytes})
 * and {@code PARLEY_ATTACHMENT_IMAGE_MAX_SIDE} ({@code parley.attachments.image-max-side}).
 */
public record AttachmentSettings(long maxBytes, ImageBounds imageBounds) {
  static AttachmentSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new AttachmentSettings(settings.bytes("parley.attachments.max-bytes", "PARLEY_ATTACHMENT_MAX_BYTES"),
        new ImageBounds(Math.max(16, settings.positiveInt("parley.attachments.image-max-side",
            "PARLEY_ATTACHMENT_IMAGE_MAX_SIDE"))));
  }
}
