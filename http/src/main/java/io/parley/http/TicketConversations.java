package io.parley.http;

import io.parley.core.language.TextOverrides;
import io.parley.core.session.SessionId;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import io.parley.tools.tickets.TicketReply;
import io.parley.tools.tickets.TicketReplyDelivery;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The ticket replies' way into conversations: the sessions' {@code PostTicketReply} and {@code
 * ReadContact}, the contact worded as the tenant's live configuration words its texts.
 */
record TicketConversations(ChatSessions sessions, BotConfigs botConfigs, Duration timeout)
    implements TicketReplyDelivery.Conversations {
  /** What a translation of the reply may take (the model's answer within its own timeout). */
  private static final Duration WORDING = Duration.ofSeconds(60);

  /**
   * Has the session word the reply first (translated into the conversation's language where the
   * tenant wants it; as stored once it is), then appends it so. The wording may ask the model, so
   * it has the model's time on top of the ask's.
   */
  @Override
  public CompletionStage<String> append(String sessionId, TicketReply reply) {
    var session = sessions.entity(SessionId.of(reply.tenant(), sessionId));
    return session.<SessionCommand.WordedReply>askWithStatus(replyTo -> new SessionCommand.WordReply(Optional.empty(),
            Optional.of(reply.conversationKey()), reply.text(), replyTo), timeout.plus(WORDING))
        .thenCompose(worded -> session.<SessionCommand.Accepted>askWithStatus(
            replyTo -> new SessionCommand.PostTicketReply(reply.conversationKey(), reply.author(), reply.authorName(),
                worded.text(), worded.translation(), replyTo), timeout).thenApply(accepted -> worded.text()));
  }

  @Override
  public CompletionStage<TicketReplyDelivery.Contact> contact(String tenant, String sessionId) {
    return sessions.entity(SessionId.of(tenant, sessionId)).<SessionCommand.ContactCard>askWithStatus(
        SessionCommand.ReadContact::new, timeout)
        .thenCombine(botConfigs.current(tenant), (card, config) -> new TicketReplyDelivery.Contact(card.email(),
            card.transcript(), card.language(), config.map(pinned -> pinned.config().textOverrides()).orElse(TextOverrides.NONE)));
  }
}
