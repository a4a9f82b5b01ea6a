package io.parley.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads typed settings from HOCON, where each path may be overridden by a {@code PARLEY_*}
 * environment variable. Every failure names that variable and the expected form, because the
 * operator who mistyped it thinks in environment variables, not HOCON paths.
 */
public final class SettingsReader {
  private final Config config;

  public SettingsReader(Config config) {
    this.config = config;
  }

  public String string(String path, String env) {
    return read(path, env, "a non-empty string", raw -> {
      if (raw.isBlank()) throw new IllegalArgumentException();
      return raw;
    });
  }

  /** A setting whose absence (or empty value) means "not configured". */
  public Optional<String> optionalString(String path) {
    if (!config.hasPath(path)) return Optional.empty();
    String raw = config.getString(path).trim();
    return raw.isEmpty() ? Optional.empty() : Optional.of(raw);
  }

  /**
   * A setting whose absence (or empty value) means "not configured", and which, when set, must
   * pass {@code valid}; {@code expected} describes the accepted form for the error message.
   */
  public Optional<String> optionalString(String path, String env, String expected, Predicate<String> valid) {
    if (optionalString(path).isEmpty()) return Optional.empty();
    return Optional.of(read(path, env, expected, raw -> {
      if (!valid.test(raw)) throw new IllegalArgumentException();
      return raw;
    }));
  }

  /** A file system path, made absolute against the working directory. */
  public Path path(String path, String env) {
    return read(path, env, "a file system path such as ./data or /var/lib/parley", raw -> {
      if (raw.isBlank()) throw new IllegalArgumentException();
      try {
        return Path.of(raw).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(e);
      }
    });
  }

  public int port(String path, String env) {
    return read(path, env, "a TCP port number from 0 to 65535", raw -> accepted(Integer.parseInt(raw), port -> port >= 0 && port <= 65535));
  }

  /** A whole number of 0 or more (0 usually meaning "no limit"). */
  public int nonNegativeInt(String path, String env) {
    return read(path, env, "a whole number, 0 or more", raw -> accepted(Integer.parseInt(raw), value -> value >= 0));
  }

  public int positiveInt(String path, String env) {
    return read(path, env, "a whole number greater than 0", raw -> accepted(Integer.parseInt(raw), value -> value > 0));
  }

  /** A whole number of {@code min} or more. */
  public int intAtLeast(String path, String env, int min) {
    return read(path, env, "a whole number, " + min + " or more", raw -> accepted(Integer.parseInt(raw), value -> value >= min));
  }

  /** {@code true} or {@code false} (HOCON also takes yes/no and on/off). */
  public boolean flag(String path, String env) {
    return read(path, env, "true or false", raw -> config.getBoolean(path));
  }

  /**
   * One of {@code type}'s constants, written as its name in lower case ({@code VERBOSE_JSON} as
   * {@code verbose_json}), in any case.
   */
  public <E extends Enum<E>> E choice(String path, String env, Class<E> type) {
    E[] constants = type.getEnumConstants();
    String names = Arrays.stream(constants).map(constant -> constant.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    return read(path, env, "one of " + names, raw -> Enum.valueOf(type, raw.toUpperCase(Locale.ROOT)));
  }

  /** A decimal number within [{@code min}, {@code max}]. */
  public double decimal(String path, String env, double min, double max) {
    return read(path, env, "a number from " + min + " to " + max, raw -> accepted(Double.parseDouble(raw), value -> value >= min && value <= max));
  }

  /** Durations in HOCON form: {@code 30s}, {@code 500ms}, {@code 30 minutes}. */
  public Duration duration(String path, String env) {
    return read(path, env, "a positive duration such as 30s, 500ms or 30m", raw -> accepted(config.getDuration(path), value -> value.isPositive()));
  }

  /** A duration of zero or more, zero turning off what it times: {@code 0s}, {@code 5s}. */
  public Duration durationOrZero(String path, String env) {
    return read(path, env, "a duration such as 5s or 1m, or 0s for none", raw -> accepted(config.getDuration(path), value -> !value.isNegative()));
  }

  /** Sizes in HOCON form: {@code 16384}, {@code 16k}, {@code 16KiB}. */
  public long bytes(String path, String env) {
    return read(path, env, "a positive size such as 16384 or 16KiB", raw -> accepted(config.getBytes(path), value -> value > 0));
  }

  /** Sizes of zero or more, zero turning off what they bound: {@code 0}, {@code 50MiB}. */
  public long bytesOrZero(String path, String env) {
    return read(path, env, "a size such as 52428800 or 50MiB, or 0 for none", raw -> accepted(config.getBytes(path), value -> value >= 0));
  }

  /** An optional http(s) URL without a trailing slash. */
  public Optional<URI> optionalHttpUrl(String path, String env) {
    if (optionalString(path).isEmpty()) return Optional.empty();
    return Optional.of(read(path, env, "an http:// or https:// URL such as http://127.0.0.1:11434/v1", raw -> {
      try {
        URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
          throw new IllegalArgumentException();
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(e);
      }
    }));
  }

  /**
   * A setting that is JSON: a string that holds it (as an environment variable must), or the same
   * structure written as HOCON in a configuration file. Absent or empty means "not configured".
   * {@code parse} reports a problem as an {@code IllegalArgumentException}, which becomes the
   * setting's error, followed by {@code expected}.
   */
  public <T> Optional<T> optionalJson(String path, String env, String expected, Function<String, T> parse) {
    if (!config.hasPath(path)) return Optional.empty();
    String json = config.getValue(path).valueType() == ConfigValueType.STRING
        ? config.getString(path).trim() : config.getValue(path).render(ConfigRenderOptions.concise());
    if (json.isEmpty()) return Optional.empty();
    try {
      return Optional.of(parse.apply(json));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(env + " (" + path + "): " + e.getMessage() + "; expected " + expected);
    }
  }

  private <T> T read(String path, String env, String expected, Function<String, T> parse) {
    String raw;
    try {
      raw = config.getString(path).trim();
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(env + " (" + path + ") is required: expected " + expected);
    }
    try {
      return parse.apply(raw);
    } catch (RuntimeException e) {
      throw new InvalidSettingException(env + " (" + path + "): expected " + expected + ", got '" + raw + "'");
    }
  }

  /** {@code value} when {@code valid}; otherwise the failure {@link #read} reports as the expected form. */
  private static <T> T accepted(T value, Predicate<T> valid) {
    if (!valid.test(value)) throw new IllegalArgumentException();
    return value;
  }
}
