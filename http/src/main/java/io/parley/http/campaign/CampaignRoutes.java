package io.parley.http.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.PauseReason;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.UnreadBodies;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.DoNotCallList;
import io.parley.persistence.campaigns.LeadRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * A tenant's campaigns and do-not-call list, for its admins ({@code place_calls}): {@code POST
 * /v1/campaigns} (its settings and leads), {@code GET /v1/campaigns} and {@code /{id}} (with
 * progress), {@code POST /v1/campaigns/{id}/leads} (a JSON array, or CSV as {@code text/csv}),
 * {@code GET /v1/campaigns/{id}/leads}, {@code POST /v1/campaigns/{id}/pause|resume|stop} (an
 * admin's pause, also of a campaign the budget paused, waits for an admin's resume);
 * {@code GET}/{@code POST /v1/do-not-call}, {@code DELETE /v1/do-not-call/{key}}. Every read and
 * write is keyed by the caller's tenant. A campaign's or its leads' upload refused before its body is
 * read (the caller's credential or role) is answered once the body is heard out ({@link UnreadBodies}).
 */
public final class CampaignRoutes extends StoreRoutes {
  private static final long MAX_UPLOAD_BYTES = 4L * 1024 * 1024;
  /** What an admin does to a campaign: {@code POST /v1/campaigns/{id}/<move>}. */
  private static final Pattern MOVES = Pattern.compile("pause|resume|stop");
  private static final int MAX_LISTED = 500;

  private final Campaigns campaigns;
  private final ObjectMapper json;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CampaignRoutes(Campaigns campaigns, ObjectMapper json, Callers callers, Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.campaigns = campaigns;
    this.json = json;
    this.clock = clock;
  }

  public Route route() {
    return concat(
        pathPrefix(PathMatchers.segment("v1").slash("campaigns"), () -> UnreadBodies.drained(() -> callers.caller(caller ->
            callers.permitted(caller, Action.PLACE_CALLS, () -> concat(
                pathEnd(() -> concat(
                    get(() -> calls.call(() -> calls.json(StatusCodes.OK, Map.of("campaigns",
                        campaigns.campaigns().list(caller.tenant()).stream().map(this::shown).toList())))),
                    post(() -> callers.audit().recorded(caller, "campaigns.create", () -> withSizeLimit(MAX_UPLOAD_BYTES,
                        () -> calls.objectBody(body -> calls.call(() -> create(caller, body)))))))),
                pathPrefix(PathMatchers.segment(), id -> campaign(caller, id))))))),
        pathPrefix(PathMatchers.segment("v1").slash("do-not-call"), () -> callers.caller(caller ->
            callers.permitted(caller, Action.PLACE_CALLS, () -> doNotCall(caller)))));
  }

  private Route campaign(Caller caller, String id) {
    return concat(
        pathEnd(() -> get(() -> calls.call(() -> found(caller, id, campaign -> calls.json(StatusCodes.OK,
            shown(campaign)))))),
        path("leads", () -> concat(
            get(() -> parameterOptional("after", after -> calls.call(() -> found(caller, id, campaign ->
                calls.json(StatusCodes.OK, Map.of("leads", campaigns.leads().list(caller.tenant(), id,
                    after.map(Integer::parseInt).orElse(0), MAX_LISTED).stream().map(CampaignJson.Lead::of).toList())))))),
            post(() -> callers.audit().recorded(caller, "campaigns.leads", () -> withSizeLimit(MAX_UPLOAD_BYTES, () ->
                extractRequestEntity(entity -> entity(Unmarshaller.entityToString(), text -> calls.call(() ->
                    found(caller, id, campaign -> addLeads(campaign,
                        entity.getContentType().mediaType().toString().startsWith("text/csv"), text)))))))))),
        // Only these: any other segment, "leads" with a body it refused among them, is no move of the campaign.
        path(PathMatchers.segment(MOVES), action -> post(() -> callers.audit().recorded(caller, "campaigns." + action, () ->
            calls.call(() -> found(caller, id, campaign -> move(campaign, action)))))));
  }

  private Route doNotCall(Caller caller) {
    return concat(
        pathEnd(() -> concat(
            get(() -> calls.call(() -> calls.json(StatusCodes.OK, Map.of("numbers",
                campaigns.doNotCall().list(caller.tenant(), MAX_LISTED))))),
            post(() -> callers.audit().recorded(caller, "do_not_call.add", () -> calls.objectBody(body ->
                calls.call(() -> calls.json(StatusCodes.CREATED, campaigns.doNotCall().add(caller.tenant(),
                    StoreCalls.text(body, "number"), "api", clock.instant())))))))),
        path(PathMatchers.segment(), key -> delete(() -> callers.audit().recorded(caller, "do_not_call.remove", () ->
            calls.call(() -> campaigns.doNotCall().remove(caller.tenant(), key)
                ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                : calls.errors().response(ErrorCode.NOT_FOUND, "no such number on the tenant's list"))))));
  }

  private HttpResponse create(Caller caller, JsonNode body) {
    String id = "cmp_" + HexFormat.of().formatHex(bytes());
    CampaignRow campaign = CampaignDocument.read(caller.tenant(), id, body, clock.instant());
    List<LeadRow.New> leads = body.has("leads")
        ? LeadUpload.ofJson(body.get("leads"), campaigns.settings().maxLeads(), check(campaign)) : List.of();
    campaigns.campaigns().add(campaign);
    campaigns.leads().add(caller.tenant(), id, leads, clock.instant());
    campaigns.dialler().wake();
    return calls.json(StatusCodes.CREATED, shown(campaign));
  }

  private HttpResponse addLeads(CampaignRow campaign, boolean csv, String text) {
    if (campaign.status() == CampaignStatus.STOPPED || campaign.status() == CampaignStatus.FINISHED) {
      return calls.errors().response(ErrorCode.CONFLICT, "the campaign is " + campaign.status().wireName()
          + ": start another for new leads");
    }
    int held = campaigns.leads().progress(campaign.tenant(), campaign.id()).total();
    int room = campaigns.settings().maxLeads() - held;
    List<LeadRow.New> leads;
    try {
      leads = csv ? LeadUpload.ofCsv(text, room, check(campaign))
          : LeadUpload.ofJson(json.readTree(text.isBlank() ? "[]" : text), room, check(campaign));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage()
          + " (send CSV as Content-Type: text/csv)");
    }
    int added = campaigns.leads().add(campaign.tenant(), campaign.id(), leads, clock.instant());
    campaigns.dialler().wake();
    return calls.json(StatusCodes.OK, Map.of("added", added, "leads", held + added));
  }

  private HttpResponse move(CampaignRow campaign, String action) {
    // Pausing one the budget paused makes it an admin's pause: it then waits for an admin, not the budget.
    Optional<CampaignStatus> next = action.equals("pause") && campaign.pausedFor().equals(Optional.of(PauseReason.BUDGET))
        ? Optional.of(CampaignStatus.PAUSED) : campaign.status().after(action);
    if (next.isEmpty() || !campaigns.campaigns().move(campaign.tenant(), campaign.id(), campaign.status(), next.get())) {
      return calls.errors().response(ErrorCode.CONFLICT, "a " + campaign.status().wireName() + " campaign cannot "
          + action);
    }
    if (next.get() == CampaignStatus.RUNNING) campaigns.dialler().wake();
    return calls.json(StatusCodes.OK, shown(campaigns.campaigns().find(campaign.tenant(), campaign.id()).orElseThrow()));
  }

  /** Each lead's number reachable by the tenant's calls, and its call's context within a context's limits. */
  private LeadUpload.LeadCheck check(CampaignRow campaign) {
    return lead -> {
      campaigns.placing().checkTarget(campaign.tenant(), lead.number(), campaign.callerId());
      SipLeadCalls.request(campaign, lead.number(), lead.name(), lead.fields());
    };
  }

  private HttpResponse found(Caller caller, String id, java.util.function.Function<CampaignRow, HttpResponse> then) {
    return campaigns.campaigns().find(caller.tenant(), id).map(then)
        .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such campaign in this tenant"));
  }

  private CampaignJson shown(CampaignRow campaign) {
    return CampaignJson.of(campaign, campaigns.leads().progress(campaign.tenant(), campaign.id()));
  }

  private byte[] bytes() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return bytes;
  }
}
