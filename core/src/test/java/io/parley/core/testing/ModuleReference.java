package io.parley.core.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A module's reference settings, resolved without the environment or system properties of whoever
 * runs the build, so that a settings test sees the defaults and only the variables it gives.
 */
public record ModuleReference(Config unresolved) {
  /** The reference.conf beside the classes of {@code moduleClass}, not every one on the class path. */
  public static ModuleReference of(Class<?> moduleClass) {
    try {
      Path classes = Path.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new ModuleReference(ConfigFactory.parseFile(classes.resolve("reference.conf").toFile()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public Config defaults() {
    return unresolved.resolve(ConfigResolveOptions.noSystem());
  }

  /** The defaults with {@code values} set at their paths (such as {@code parley.db.url}). */
  public Config with(Map<String, ?> values) {
    return ConfigFactory.parseMap(values).withFallback(defaults());
  }

  /** The settings with {@code environment} as the PARLEY_* variables. */
  public Config withEnvironment(Map<String, String> environment) {
    // ${?PARLEY_X} finds a root-level PARLEY_X before it looks at the environment.
    return unresolved.withFallback(ConfigFactory.parseMap(environment)).resolve(ConfigResolveOptions.noSystem());
  }
}
