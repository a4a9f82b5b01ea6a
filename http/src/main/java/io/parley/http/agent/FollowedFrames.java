package io.parley.http.agent;

import io.parley.core.bot.JsonText;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.http.chat.AttachmentJson;
import io.parley.http.chat.ServerFrame;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an agent's console is sent of a conversation it follows, update by update: messages as staff
 * read them (an agent's translated message marked as one), who answers, typing, tools, the language,
 * the rating, approvals, and the end. Only the customer's typing is shown; the agent's own is not sent back.
 */
final class FollowedFrames {
  private FollowedFrames() {}

  static List<AgentServerFrame> of(String sessionId, SessionUpdate update) {
    if (update instanceof SessionUpdate.Joined joined) {
      // Who answers and the language may have changed between the view and the join (or while the session moved nodes).
      Stream<AgentServerFrame> state = Stream.concat(Stream.of(handoff(sessionId, joined.info())),
          joined.info().language().map(language -> new AgentServerFrame.Language(sessionId, language)).stream());
      return Stream.concat(state, joined.replay().stream().map(message -> message(sessionId, message))).toList();
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      return List.of(message(sessionId, added.message()));
    } else if (update instanceof SessionUpdate.OfferingMessageAdded offering) {
      return List.of(new AgentServerFrame.Message(sessionId,
          ServerFrame.Message.forStaff(offering.message()).offering(offering.options())));
    } else if (update instanceof SessionUpdate.CitingMessageAdded citing) {
      return List.of(new AgentServerFrame.Message(sessionId,
          ServerFrame.Message.forStaff(citing.message()).offering(citing.options()).citing(citing.citations())));
    } else if (update instanceof SessionUpdate.HandoffChanged changed) {
      return List.of(new AgentServerFrame.Handoff(sessionId, changed.handoff().status(),
          changed.handoff().agentId().orElse(null), changed.handoff().agentName().orElse(null)));
    } else if (update instanceof SessionUpdate.Composing composing && composing.role() == Role.USER) {
      return List.of(new AgentServerFrame.Composing(sessionId, Role.USER.wireName()));
    } else if (update instanceof SessionUpdate.ToolActivity tool) {
      return List.of(new AgentServerFrame.Tool(sessionId, tool.turnId(), tool.name(), tool.status(),
          tool.detail().orElse(null)));
    } else if (update instanceof SessionUpdate.Typing typing) {
      return List.of(new AgentServerFrame.Typing(sessionId, typing.turnId()));
    } else if (update instanceof SessionUpdate.LanguageChanged changed) {
      return List.of(new AgentServerFrame.Language(sessionId, changed.language()));
    } else if (update instanceof SessionUpdate.FilesShared shared) {
      return List.of(new AgentServerFrame.Attachments(sessionId, shared.seq(),
          AttachmentJson.allOf(shared.sessionId(), shared.files())));
    } else if (update instanceof SessionUpdate.Rated rated) {
      return List.of(new AgentServerFrame.Rated(sessionId, rated.rating().score(), rated.rating().comment().orElse(null),
          rated.rating().at()));
    } else if (update instanceof SessionUpdate.ApprovalChanged approval) {
      return List.of(AgentApprovals.changed(sessionId, approval, null, null));
    } else if (update instanceof SessionUpdate.FormApprovalChanged form) {
      return List.of(AgentApprovals.changed(sessionId, form.approval(), form.form().toJson(),
          form.answers().map(JsonText::tree).orElse(null)));
    } else if (update instanceof SessionUpdate.Ended ended) {
      return List.of(new AgentServerFrame.Closed(sessionId, ended.reason()));
    } else if (update instanceof SessionUpdate.Refused refused) {
      return List.of(new AgentServerFrame.Error(refused.code(), refused.message(), sessionId));
    }
    return List.of();
  }

  static AgentServerFrame handoff(String sessionId, SessionInfo info) {
    return new AgentServerFrame.Handoff(sessionId, info.handoff().status(), info.handoff().agentId().orElse(null),
        info.handoff().agentName().orElse(null));
  }

  private static AgentServerFrame message(String sessionId, ChatMessage message) {
    return new AgentServerFrame.Message(sessionId, ServerFrame.Message.forStaff(message));
  }
}
