package io.parley.http.chat;

import io.parley.core.attachment.AgentPicture;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a chat connection sends its client, into the socket's bounded outgoing source: frames, the
 * bot's audio and the socket's end. It remembers the seq of the last message sent, where a
 * browser call's transcript starts, and who answers and the language as the client was last told,
 * which a session that moved nodes may have changed before the connection re-joined it.
 */
final class ClientOutbox {
  /** What the outgoing source carries: a frame, or the end of the socket. */
  sealed interface Outbound {
    record Frame(ServerFrame frame) implements Outbound {}

    /** The bot's voice: mono PCM16 little-endian, at the voice start's rate. */
    record Audio(byte[] pcm) implements Outbound {}

    record Done() implements Outbound {}
  }

  private final ActorRef<Outbound> out;
  private final String tenant;
  private long lastSeqSent;
  /** Who answers as the client was last told; an agent's messages carry its picture while it holds the session. */
  private Handoff handoff = Handoff.bot();
  private ServerFrame.HandoffFrame handoffShown = ServerFrame.HandoffFrame.of(Handoff.bot());
  private Optional<String> languageShown = Optional.empty();

  ClientOutbox(ActorRef<Outbound> out, String tenant) {
    this.out = out;
    this.tenant = tenant;
  }

  void send(ServerFrame frame) {
    if (frame instanceof ServerFrame.HandoffFrame handoff) handoffShown = handoff;
    if (frame instanceof ServerFrame.LanguageFrame language) languageShown = Optional.of(language.language());
    out.tell(new Outbound.Frame(frame));
  }

  void audio(byte[] pcm) {
    out.tell(new Outbound.Audio(pcm));
  }

  /** The socket ends once what is queued before this is written. */
  void done() {
    out.tell(new Outbound.Done());
  }

  long lastSeqSent() {
    return lastSeqSent;
  }

  /**
   * The session joined: its {@code session} frame, its handoff unless the bot answers, and the
   * messages the client has not seen.
   */
  void joined(SessionId id, boolean resumed, SessionUpdate.Joined joined, String mode, boolean voice) {
    SessionInfo info = joined.info();
    send(new ServerFrame.Session(id.wireId(), resumed, info.lastSeq(), mode, info.status().wireName(), voice,
        info.language().orElse(null)));
    lastSeqSent = info.lastSeq();
    languageShown = info.language();
    // The bot answering goes without saying: the client takes it so until told otherwise.
    handoff = info.handoff();
    handoffShown = ServerFrame.HandoffFrame.pictured(handoff, tenant);
    if (!handoff.botAnswers()) send(handoffShown);
    replay(joined);
  }

  /** What an update of the session followed tells the client (its end and a refusal are the connection's). */
  void forward(SessionUpdate update) {
    if (update instanceof SessionUpdate.Joined rejoined) {
      catchUp(rejoined.info());
      replay(rejoined);
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      sendMessage(added.message());
    } else if (update instanceof SessionUpdate.OfferingMessageAdded offering) {
      sendMessage(offering.message(), offering.options());
    } else if (update instanceof SessionUpdate.HandoffChanged changed) {
      handoff = changed.handoff();
      send(ServerFrame.HandoffFrame.pictured(handoff, tenant));
    } else {
      UpdateFrames.of(update).ifPresent(this::send);
    }
  }

  /**
   * A re-join: who answers and the language, where either changed while the connection was not
   * following (their updates then reached no one).
   */
  private void catchUp(SessionInfo info) {
    handoff = info.handoff();
    ServerFrame.HandoffFrame shown = ServerFrame.HandoffFrame.pictured(handoff, tenant);
    if (!shown.equals(handoffShown)) send(shown);
    info.language().filter(language -> !languageShown.equals(Optional.of(language)))
        .ifPresent(language -> send(new ServerFrame.LanguageFrame(language)));
  }

  /** The messages a (re)join brings that the client has not seen, and the turn being answered. */
  private void replay(SessionUpdate.Joined joined) {
    joined.replay().forEach(this::sendMessage);
    joined.turnInProgress().ifPresent(turnId -> send(new ServerFrame.Typing(turnId)));
  }

  private void sendMessage(ChatMessage message) {
    sendMessage(message, List.of());
  }

  private void sendMessage(ChatMessage message, List<ReplyOption> options) {
    lastSeqSent = Math.max(lastSeqSent, message.seq());
    ServerFrame.Message frame = ServerFrame.Message.of(message).offering(options);
    send(byHoldingAgent(message) ? frame.picturedAt(AgentPicture.path(tenant, handoff.agentId().orElseThrow())) : frame);
  }

  /** Written by the agent who holds the session now (its name is the one the message is signed with). */
  private boolean byHoldingAgent(ChatMessage message) {
    return message.role() == Role.AGENT && handoff.agentId().isPresent()
        && message.author().isPresent() && message.author().equals(handoff.agentName());
  }
}
