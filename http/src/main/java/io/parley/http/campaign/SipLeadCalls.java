package io.parley.http.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.session.ErrorCode;
import io.parley.http.rest.call.CallPlacing;
import io.parley.http.rest.call.OutboundCallRequest;
import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.LeadRow;
import io.parley.voice.phone.outbound.OutboundProgress;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lead's call placed as {@code POST /v1/calls} places one ({@link CallPlacing}): the campaign's
 * bot version and caller id, its purpose as {@code call.purpose} and the lead's name and fields as
 * {@code lead.<name>}, which the bot reads as data, never as instructions, and its voicemail message.
 */
final class SipLeadCalls implements LeadCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SipLeadCalls.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallPlacing placing;

  SipLeadCalls(CallPlacing placing) {
    this.placing = placing;
  }

  @Override
  public Optional<String> unableToCall() {
    return placing.unableToCall();
  }

  @Override
  public String newId() {
    return placing.newId();
  }

  @Override
  public Optional<String> place(CampaignRow campaign, LeadRow lead, String callId,
      Consumer<OutboundProgress> progress) {
    try {
      return switch (placing.place(campaign.tenant(), request(campaign, lead.number(), lead.name(), lead.fields()), callId,
          progress)) {
        case CallPlacing.Placement.Placed placed -> Optional.empty();
        case CallPlacing.Placement.Refused refused -> {
          LOG.warn("Campaign {} of tenant {}: lead {} not called: {}", campaign.id(), campaign.tenant(), lead.seq(),
              refused.reason());
          yield Optional.of(refused.code() == ErrorCode.FORBIDDEN ? "do_not_call" : "failed");
        }
      };
    } catch (IllegalArgumentException e) {
      LOG.warn("Campaign {} of tenant {}: lead {} cannot be called: {}", campaign.id(), campaign.tenant(), lead.seq(),
          e.getMessage());
      return Optional.of("failed");
    }
  }

  /** The {@code POST /v1/calls} body of the lead's call, read by the same rules. */
  static OutboundCallRequest request(CampaignRow campaign, String number, Optional<String> name, String leadFields) {
    ObjectNode body = JSON.createObjectNode().put("to", number);
    campaign.botVersion().ifPresent(version -> body.put("botVersion", version));
    campaign.callerId().ifPresent(callerId -> body.put("callerId", callerId));
    if (!campaign.voicemail().isEmpty()) body.set("voicemail", campaign.voicemail().toJson());
    ObjectNode context = body.putObject("context");
    campaign.purpose().ifPresent(purpose -> context.put("purpose", purpose));
    try {
      ObjectNode fields = (ObjectNode) JSON.readTree(leadFields);
      name.ifPresent(given -> fields.put("name", given));
      if (!fields.isEmpty()) context.set("lead", fields);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the lead's fields are not a JSON object", e);
    }
    return OutboundCallRequest.of(body);
  }
}
