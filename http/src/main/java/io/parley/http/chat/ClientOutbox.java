package io.parley.http.chat;

import io.parley.core.citation.Citation;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a chat connection sends its client, into the socket's bounded outgoing source: frames, the
 * bot's audio and the socket's end. It remembers the seq of the last message sent, where a
 * browser call's transcript starts, and who answers and the language as the client was last told,
 * which a session that moved nodes may have changed before the connection re-joined it.
 *
 * <p>A frame that names the holding agent's picture names it only while the agent has one
 * ({@link AgentPictures}); where this node does not know yet, that frame and every one after it wait,
 * in order, until it does. The connection's actor calls in; a read of a picture completes on
 * another thread, hence the lock.
 */
final class ClientOutbox {
  /** What waits to be sent: built, in order, once the picture of {@code agentId} (if any) is known. */
  private record Held(Optional<String> agentId, Function<Optional<String>, Optional<Outbound>> built) {}

  /** What the outgoing source carries: a frame, or the end of the socket. */
  sealed interface Outbound {
    record Frame(ServerFrame frame) implements Outbound {}

    /** The bot's voice: mono PCM16 little-endian, at the voice start's rate. */
    record Audio(byte[] pcm) implements Outbound {}

    record Done() implements Outbound {}
  }

  private final ActorRef<Outbound> out;
  private final String tenant;
  private final AgentPictures pictures;
  /** What the client was told of who answers until it is told otherwise: one for every connection. */
  private static final ServerFrame.HandoffFrame BOT_ANSWERS = ServerFrame.HandoffFrame.of(Handoff.bot());

  private final ArrayDeque<Held> held = new ArrayDeque<>(1);
  private boolean loading;
  private long lastSeqSent;
  /** Who answers as the client was last told; an agent's messages carry its picture while it holds the session. */
  private Handoff handoff = Handoff.bot();
  private ServerFrame.HandoffFrame handoffShown = BOT_ANSWERS;
  private Optional<String> languageShown = Optional.empty();

  ClientOutbox(ActorRef<Outbound> out, String tenant, AgentPictures pictures) {
    this.out = out;
    this.tenant = tenant;
    this.pictures = pictures;
  }

  synchronized void send(ServerFrame frame) {
    pass(new Outbound.Frame(frame));
  }

  synchronized void audio(byte[] pcm) {
    pass(new Outbound.Audio(pcm));
  }

  /** The socket ends once what is queued before this is written. */
  synchronized void done() {
    pass(new Outbound.Done());
  }

  synchronized long lastSeqSent() {
    return lastSeqSent;
  }

  /**
   * The session joined: its {@code session} frame, its handoff unless the bot answers, and the
   * messages the client has not seen.
   */
  synchronized void joined(SessionId id, boolean resumed, SessionUpdate.Joined joined, String mode, boolean voice) {
    SessionInfo info = joined.info();
    ServerFrame.Session session = new ServerFrame.Session(id.wireId(), resumed, info.lastSeq(), mode,
        info.status().wireName(), voice, info.language().orElse(null));
    enqueue(Optional.empty(), none -> {
      languageShown = info.language();
      return Optional.of(new Outbound.Frame(session));
    });
    lastSeqSent = info.lastSeq();
    // The bot answering goes without saying: the client takes it so until told otherwise.
    handoff = info.handoff();
    Handoff told = handoff;
    enqueue(told.agentId(), picture -> {
      handoffShown = ServerFrame.HandoffFrame.pictured(told, picture);
      return told.botAnswers() ? Optional.empty() : Optional.of(new Outbound.Frame(handoffShown));
    });
    replay(joined);
  }

  /** What an update of the session followed tells the client (its end and a refusal are the connection's). */
  synchronized void forward(SessionUpdate update) {
    if (update instanceof SessionUpdate.Joined rejoined) {
      catchUp(rejoined.info());
      replay(rejoined);
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      sendMessage(added.message());
    } else if (update instanceof SessionUpdate.OfferingMessageAdded offering) {
      sendMessage(offering.message(), offering.options(), List.of());
    } else if (update instanceof SessionUpdate.CitingMessageAdded citing) {
      sendMessage(citing.message(), citing.options(), citing.citations());
    } else if (update instanceof SessionUpdate.HandoffChanged changed) {
      handoff = changed.handoff();
      Handoff told = handoff;
      enqueue(told.agentId(), picture -> Optional.of(new Outbound.Frame(ServerFrame.HandoffFrame.pictured(told, picture))));
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
    Handoff told = handoff;
    enqueue(told.agentId(), picture -> Optional.of(ServerFrame.HandoffFrame.pictured(told, picture))
        .filter(shown -> !shown.equals(handoffShown)).map(Outbound.Frame::new));
    info.language().ifPresent(language -> enqueue(Optional.empty(), none -> Optional.of(language)
        .filter(changed -> !languageShown.equals(Optional.of(changed)))
        .map(changed -> new Outbound.Frame(new ServerFrame.LanguageFrame(changed)))));
  }

  /** The messages a (re)join brings that the client has not seen, and the turn being answered. */
  private void replay(SessionUpdate.Joined joined) {
    joined.replay().forEach(this::sendMessage);
    joined.turnInProgress().ifPresent(turnId -> send(new ServerFrame.Typing(turnId)));
  }

  private void sendMessage(ChatMessage message) {
    sendMessage(message, List.of(), List.of());
  }

  private void sendMessage(ChatMessage message, List<ReplyOption> options, List<Citation> citations) {
    lastSeqSent = Math.max(lastSeqSent, message.seq());
    ServerFrame.Message frame = ServerFrame.Message.of(message).offering(options).citing(citations);
    Optional<String> author = byHoldingAgent(message) ? handoff.agentId() : Optional.empty();
    enqueue(author, picture -> Optional.of(new Outbound.Frame(picture.map(frame::picturedAt).orElse(frame))));
  }

  /** Written by the agent who holds the session now (its name is the one the message is signed with). */
  private boolean byHoldingAgent(ChatMessage message) {
    return message.role() == Role.AGENT && handoff.agentId().isPresent()
        && message.author().isPresent() && message.author().equals(handoff.agentName());
  }

  /** Sent: a handoff or language frame is what the client was last told. */
  private void deliver(Outbound outbound) {
    if (outbound instanceof Outbound.Frame(ServerFrame.HandoffFrame shown)) handoffShown = shown;
    if (outbound instanceof Outbound.Frame(ServerFrame.LanguageFrame shown)) languageShown = Optional.of(shown.language());
    out.tell(outbound);
  }

  /**
   * What names no picture: sent at once while nothing waits, as every delta of an answer is, so a
   * frame costs no queue entry; else queued behind what waits.
   */
  private void pass(Outbound outbound) {
    if (held.isEmpty()) {
      deliver(outbound);
    } else {
      enqueue(Optional.empty(), none -> Optional.of(outbound));
    }
  }

  /** Queued behind what waits, then sent as far as the pictures they name are known. */
  private void enqueue(Optional<String> agentId, Function<Optional<String>, Optional<Outbound>> built) {
    held.addLast(new Held(agentId, built));
    flush();
  }

  private synchronized void flush() {
    while (!held.isEmpty()) {
      Held next = held.peekFirst();
      Optional<String> picture = Optional.empty();
      if (next.agentId().isPresent()) {
        String agentId = next.agentId().get();
        Optional<Optional<String>> known = pictures.known(tenant, agentId);
        if (known.isEmpty()) {
          if (!loading) {
            loading = true;
            pictures.load(tenant, agentId).whenComplete((done, failure) -> loaded());
          }
          return;
        }
        picture = known.get();
      }
      held.pollFirst();
      next.built().apply(picture).ifPresent(this::deliver);
    }
  }

  private synchronized void loaded() {
    loading = false;
    flush();
  }
}
