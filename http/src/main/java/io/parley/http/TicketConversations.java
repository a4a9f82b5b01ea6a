package io.parley.http;

import io.parley.core.language.TextOverrides;
import io.parley.core.session.SessionId;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import io.parley.tools.tickets.TicketReply;
import io.parley.tools.tickets.TicketReplyDelivery;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The ticket replies' way into conversations: the sessions' {@code PostTicketReply} and {@code
 * ReadContact}, the contact worded as the tenant's live configuration words its texts.
 */
record TicketConversations(ChatSessions sessions, BotConfigs botConfigs, Duration timeout)
    implements TicketReplyDelivery.Conversations {
  @Override
  public CompletionStage<?> append(String sessionId, TicketReply reply) {
    return sessions.entity(SessionId.of(reply.tenant(), sessionId)).<SessionCommand.Accepted>askWithStatus(
        replyTo -> new SessionCommand.PostTicketReply(reply.conversationKey(), reply.author(), reply.authorName(),
            reply.text(), replyTo), timeout);
  }

  @Override
  public CompletionStage<TicketReplyDelivery.Contact> contact(String tenant, String sessionId) {
    return sessions.entity(SessionId.of(tenant, sessionId)).<SessionCommand.ContactCard>askWithStatus(
        SessionCommand.ReadContact::new, timeout)
        .thenCombine(botConfigs.current(tenant), (card, config) -> new TicketReplyDelivery.Contact(card.email(),
            card.transcript(), card.language(), config.map(pinned -> pinned.config().textOverrides()).orElse(TextOverrides.NONE)));
  }
}
