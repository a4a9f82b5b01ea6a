package io.parley.http.rest.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.attachment.AgentPicture;
import io.parley.core.compute.CpuWork;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.chat.AgentPictureIndex;
import io.parley.http.edge.UnreadBodies;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.persistence.desk.JdbcAgentPictures;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The agent's picture as customers see it (docs/agent-console.md): {@code PUT /v1/agents/me/picture}
 * ({@code {"image": base64}}, drawn again on {@link CpuWork}) and {@code DELETE} for the signed-in
 * agent; {@code GET /v1/agent-pictures/{key}} for anyone holding the key, a random one new with
 * each upload ({@link JdbcAgentPictures}) which only the frames of the agent's own tenant carry
 * ({@link AgentPicture#path}). No credential on the read: a customer's browser loads it as an
 * {@code <img>}, which sends none. What this node stores or removes, its customers' frames name
 * at once ({@link AgentPictureIndex}). An upload refused before its body is read (no credential, not
 * an agent, too large by its declared length) is answered once the body is heard out ({@link UnreadBodies}).
 */
public final class AgentPictureRoutes extends StoreRoutes {
  /** Base64 of the largest upload, and a little for the JSON around it. */
  private static final int MAX_BODY_CHARS = AgentPicture.MAX_UPLOAD_BYTES / 3 * 4 + 1024;

  record PictureJson(String agentId, String picture) {}

  private final JdbcAgentPictures pictures;
  private final AgentPictureIndex index;
  private final CpuWork cpu;
  private final Clock clock;

  public AgentPictureRoutes(JdbcAgentPictures pictures, AgentPictureIndex index, Callers callers, ObjectMapper json,
      CpuWork cpu, Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.pictures = pictures;
    this.index = index;
    this.cpu = cpu;
    this.clock = clock;
  }

  /** Where customers load the picture of {@code agentId} in {@code tenant}, none while it has none; blocks on JDBC. */
  Optional<String> path(String tenant, String agentId) {
    return pictures.servedKey(tenant, agentId).map(AgentPicture::path);
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("v1").slash("agents").slash("me").slash("picture"),
            () -> UnreadBodies.drained(() -> callers.caller(this::own))),
        path(PathMatchers.segment("v1").slash("agent-pictures").slash(PathMatchers.segment()),
            key -> get(() -> calls.call(() -> served(key)))));
  }

  private Route own(Caller caller) {
    return asAgent(caller, "agent.picture", agentId -> concat(
          put(() -> callers.audit().recorded(caller, "agent.picture", () -> withSizeLimit(MAX_BODY_CHARS, () ->
              calls.objectBody(body -> calls.call(() -> {
                byte[] upload = decoded(body);
                AgentPicture picture = AgentPicture.drawn(cpu, caller.tenant(), upload);
                String path = AgentPicture.path(pictures.save(caller.tenant(), agentId, picture, clock.instant()));
                index.remember(caller.tenant(), agentId, Optional.of(path));
                return calls.json(StatusCodes.OK, new PictureJson(agentId, path));
              }))))),
          delete(() -> callers.audit().recorded(caller, "agent.picture.remove", () -> calls.call(() -> {
            pictures.delete(caller.tenant(), agentId);
            index.remember(caller.tenant(), agentId, Optional.empty());
            return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
          })))));
  }

  private static byte[] decoded(JsonNode body) {
    String image = StoreCalls.text(body, "image");
    try {
      return Base64.getMimeDecoder().decode(image);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image must be the picture's bytes in base64");
    }
  }

  /**
   * The picture, never rendered as a page; cached for a day, since a new picture is served under a
   * new key, so customers' browsers ask once and never show a replaced one.
   */
  private HttpResponse served(String key) {
    return pictures.find(key)
        .map(picture -> HttpResponse.create().withStatus(StatusCodes.OK)
            .withEntity(HttpEntities.create(ContentTypes.parse(picture.mediaType()), picture.content()))
            .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
            .addHeader(RawHeader.create("Content-Security-Policy", "default-src 'none'; sandbox"))
            .addHeader(RawHeader.create("Cross-Origin-Resource-Policy", "cross-origin"))
            .addHeader(RawHeader.create("Cache-Control", "public, max-age=86400")))
        .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such picture"));
  }
}
