package io.parley.http.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.campaigns.CampaignLeads;
import io.parley.persistence.campaigns.DoNotCallList;
import io.parley.persistence.campaigns.LeadRow;
import io.parley.tools.OfferedIn;
import io.parley.tools.StoreTool;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code do_not_call}: the callee of a campaign's call asked not to be called again, so their
 * number joins the tenant's do-not-call list and no campaign dials it again. A tool rather than a
 * phrase rule: the model understands the request in every language the bot speaks, however it is
 * put ("don't call me again", "bitte rufen Sie mich nicht mehr an", "quitadme de vuestra lista"),
 * where phrase lists would need every wording of every language and would also match a callee who
 * says "it's fine, don't call me again before Friday". The number is found from the session (the
 * lead whose call it is): the model never sees or gives it. Idempotent: the list holds a number once.
 */
final class DoNotCallTool extends StoreTool<DoNotCallTool.Stores> {
  static final String NAME = "do_not_call";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Stores(CampaignLeads leads, DoNotCallList list) {}

  private final Clock clock;

  DoNotCallTool(CampaignLeads leads, DoNotCallList list, Clock clock) {
    super(definition(NAME, "Call this when the person on a phone call the bot placed asks not to be called again"
            + " (in any words or language). Their number is put on the do-not-call list and they are never called"
            + " again. Then confirm briefly and politely that they will not be called again, and end the conversation.",
            true, """
                {"type": "object", "properties": {}, "additionalProperties": false}
                """),
        new Stores(leads, list), "The request could not be recorded right now; tell the person it is noted and that"
            + " the team will make sure they are not called again.");
    this.clock = clock;
  }

  /** Offered only in calls the bot placed: no other conversation has a number the bot dialled. */
  @Override
  public OfferedIn offeredIn() {
    return OfferedIn.PLACED_CALLS;
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    Optional<LeadRow> lead = fromStore(stores -> stores.leads().ofSession(invocation.tenant(), invocation.sessionId()));
    if (lead.isEmpty()) {
      throw refused("This conversation is not a call the bot placed for a campaign, so there is no number to put on"
          + " the do-not-call list. Tell the person how to opt out with the company instead.");
    }
    DoNotCallList.Entry entry = fromStore(stores -> stores.list().add(invocation.tenant(), lead.get().number(), "call",
        clock.instant()));
    return new ToolResult(JSON.createObjectNode().put("status", "added").put("number", entry.masked()).toString(),
        "Number put on the do-not-call list");
  }
}
