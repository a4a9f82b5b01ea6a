package io.parley.persistence.keys;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.erasure.Sealing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The root key that wraps the tenants' keys: a file holding it in base64 (a KMS-style mounted
 * secret, {@code PARLEY_ROOT_KEY_FILE}), or the value itself ({@code PARLEY_ROOT_KEY}); 32 bytes
 * either way. Neither: the nodes keep a generated one in the database (see {@link JdbcDataKeys}).
 */
public final class RootKeySettings {
  private static final String EXPECTED = "a base64 AES-256 key of 32 bytes, such as the output of openssl rand -base64 32";

  private RootKeySettings() {}

  public static Optional<SecretKey> create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    Optional<String> file = settings.optionalString("parley.keys.root-key-file");
    Optional<String> value = settings.optionalString("parley.keys.root-key");
    if (file.isPresent() && value.isPresent()) {
      throw new InvalidSettingException("PARLEY_ROOT_KEY_FILE and PARLEY_ROOT_KEY are both set: set one");
    }
    if (file.isPresent()) {
      String content;
      try {
        content = Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSettingException("PARLEY_ROOT_KEY_FILE (parley.keys.root-key-file): cannot read " + file.get()
            + ": " + e.getMessage());
      }
      return Optional.of(decode(content, "PARLEY_ROOT_KEY_FILE (parley.keys.root-key-file): the file " + file.get()));
    }
    return value.map(raw -> decode(raw, "PARLEY_ROOT_KEY (parley.keys.root-key)"));
  }

  /** Never quotes the value: it is a secret. */
  private static SecretKey decode(String base64, String what) {
    try {
      return Sealing.key(Base64.getDecoder().decode(base64.strip()));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(what + " does not hold " + EXPECTED);
    }
  }
}
