package io.parley.http.campaign;

import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.LeadRow;
import io.parley.voice.phone.outbound.OutboundProgress;
import java.util.Optional;
import java.util.function.Consumer;

/** How a dialler places a lead's call: on the node's SIP bridge, or a test's phone. */
interface LeadCalls {
  /**
   * Why this node cannot place calls now, if it cannot (its voice engines could not be loaded): its
   * dialler then holds no campaign, leaving them to a node that can rather than failing their leads.
   */
  Optional<String> unableToCall();

  /** A new call's id, recorded on the lead before its call is placed. */
  String newId();

  /**
   * Places the call {@code callId} to {@code lead} for {@code campaign}; {@code progress} hears
   * what becomes of it. Blocks on the database, never on the call.
   *
   * @return empty when placed; else the lead's final outcome, the call not placed ({@code failed},
   *     or {@code do_not_call} when the list refused it at dial time)
   */
  Optional<String> place(CampaignRow campaign, LeadRow lead, String callId, Consumer<OutboundProgress> progress);
}
