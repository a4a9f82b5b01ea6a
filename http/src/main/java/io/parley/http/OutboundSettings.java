package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.net.OutboundAddressPolicy;

/** The node's {@link OutboundAddressPolicy}: {@code PARLEY_OUTBOUND_ALLOWED_NETWORKS} ({@code parley.outbound.allowed-networks}). */
final class OutboundSettings {
  private static final String REPLACED = "parley.workflows.webhook-private-addresses";

  private OutboundSettings() {}

  /** @throws InvalidSettingException for a block that is not one, or the setting it replaced */
  static OutboundAddressPolicy policy(Config config) {
    if (config.hasPath(REPLACED)) {
      throw new InvalidSettingException("PARLEY_WEBHOOK_PRIVATE_ADDRESSES (" + REPLACED + ") is replaced by "
          + OutboundAddressPolicy.SETTING + ", the networks webhooks, remote tools and identity providers may reach "
          + "besides public addresses, e.g. " + OutboundAddressPolicy.SETTING + "=10.0.0.0/8,fd00::/8; remove it");
    }
    try {
      return OutboundAddressPolicy.parse(config.getString("parley.outbound.allowed-networks"));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(OutboundAddressPolicy.SETTING + " (parley.outbound.allowed-networks) must be "
          + "CIDR blocks separated by commas, such as 10.20.0.0/16,fd00:1::/64: " + e.getMessage());
    }
  }
}
