package io.parley.http.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.persistence.ShardCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.Address;

/**
 * How a node finds its cluster and how its management endpoint is reached, validated at start-up
 * like every other setting: a typo in a seed node fails here, naming the variable, rather than
 * as a node that silently forms a cluster of its own.
 */
public record ClusterSettings(
    Discovery discovery, List<Address> seedNodes, int managementPort, Optional<OpsToken> opsToken,
    Optional<Integer> shards) {

  /** The actor system's name: part of every node address, so the same on every node. */
  public static final String SYSTEM_NAME = "parley";

  /** Far more than any cluster needs: each shard is an actor and a journal stream of its own. */
  private static final int MAX_SHARDS = 100_000;
  private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})");

  public enum Discovery {
    /** Seed nodes, or a cluster of one. */
    NONE,
    /** Pekko Management Cluster Bootstrap, finding pods through the Kubernetes API. */
    KUBERNETES_API
  }

  /** No discovery and no seed nodes: the node forms a cluster of its own. */
  public boolean singleNode() {
    return discovery == Discovery.NONE && seedNodes.isEmpty();
  }

  public static ClusterSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    Discovery discovery = discovery(reader);
    List<Address> seeds = reader.optionalString("parley.cluster.seed-nodes", "PARLEY_SEED_NODES",
            "comma-separated host:port pairs such as 10.0.0.5:25520,10.0.0.6:25520", ClusterSettings::validSeeds)
        .map(ClusterSettings::seedAddresses)
        .orElse(List.of());
    if (discovery == Discovery.KUBERNETES_API && !seeds.isEmpty()) {
      throw new InvalidSettingException("PARLEY_SEED_NODES (parley.cluster.seed-nodes): expected empty when "
          + "PARLEY_CLUSTER_DISCOVERY is kubernetes-api (bootstrap finds the seed nodes), got '"
          + config.getString("parley.cluster.seed-nodes") + "'");
    }
    int managementPort = reader.port("pekko.management.http.port", "PARLEY_MANAGEMENT_PORT");
    if (discovery == Discovery.KUBERNETES_API) {
      reader.string("pekko.management.cluster.bootstrap.contact-point-discovery.service-name", "PARLEY_CLUSTER_SERVICE_NAME");
      reader.positiveInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
          "PARLEY_CLUSTER_REQUIRED_CONTACTS");
    }
    Optional<Integer> shards = reader.optionalString("parley.cluster.shards", "PARLEY_CLUSTER_SHARDS",
            "a whole number from 1 to " + MAX_SHARDS + ", or empty for the number the database recorded",
            ClusterSettings::validShards)
        .map(Integer::parseInt)
        .or(() -> setInPekko(config));
    return new ClusterSettings(discovery, seeds, managementPort, opsToken(config), shards);
  }

  private static Discovery discovery(SettingsReader reader) {
    String raw = reader.string("parley.cluster.discovery", "PARLEY_CLUSTER_DISCOVERY").toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "none" -> Discovery.NONE;
      case "kubernetes-api" -> Discovery.KUBERNETES_API;
      default -> throw new InvalidSettingException("PARLEY_CLUSTER_DISCOVERY (parley.cluster.discovery): expected "
          + "none or kubernetes-api, got '" + raw + "'");
    };
  }

  /** A number set directly in Pekko's own setting ({@code -D}), as an earlier release may have run with. */
  private static Optional<Integer> setInPekko(Config config) {
    int set = config.getInt(ShardCount.PEKKO_SETTING);
    return set == ConfigFactory.defaultReference().getInt(ShardCount.PEKKO_SETTING) ? Optional.empty() : Optional.of(set);
  }

  private static boolean validShards(String raw) {
    try {
      int shards = Integer.parseInt(raw);
      return shards >= 1 && shards <= MAX_SHARDS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean validSeeds(String raw) {
    for (String seed : raw.split(",")) {
      Matcher matcher = HOST_PORT.matcher(seed.trim());
      if (!matcher.matches()) return false;
      int port = Integer.parseInt(matcher.group(2));
      if (port < 1 || port > 65535) return false;
    }
    return true;
  }

  private static List<Address> seedAddresses(String raw) {
    List<Address> seeds = new ArrayList<>();
    for (String seed : raw.split(",")) {
      Matcher matcher = HOST_PORT.matcher(seed.trim());
      if (!matcher.matches()) throw new IllegalStateException("validated seed node no longer parses: " + seed);
      seeds.add(new Address("pekko", SYSTEM_NAME, matcher.group(1), Integer.parseInt(matcher.group(2))));
    }
    return List.copyOf(seeds);
  }

  /** Never echoes the value: an error message ends up in logs and terminals. */
  private static Optional<OpsToken> opsToken(Config config) {
    String raw = config.getString("parley.management.ops-token").strip();
    if (raw.isEmpty()) return Optional.empty();
    if (raw.length() < OpsToken.MIN_LENGTH || raw.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingException("PARLEY_OPS_TOKEN (parley.management.ops-token): expected at least "
          + OpsToken.MIN_LENGTH + " characters without spaces, e.g. the output of `openssl rand -hex 24`, got "
          + raw.length() + " characters");
    }
    return Optional.of(OpsToken.of(raw));
  }
}
