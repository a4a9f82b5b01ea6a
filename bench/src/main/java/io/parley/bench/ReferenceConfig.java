package io.parley.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The configuration the JMH benchmarks run with: every module's reference.conf and system
 * properties, without application.conf. ChatLoad puts the http module on this classpath, and its
 * application.conf makes any actor system a cluster node on port 25520, which a benchmark of a
 * codec or a journal must not become.
 */
final class ReferenceConfig {
  private ReferenceConfig() {}

  static Config load() {
    return ConfigFactory.load(ConfigFactory.empty());
  }
}
