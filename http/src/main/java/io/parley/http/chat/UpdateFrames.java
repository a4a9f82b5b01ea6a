package io.parley.http.chat;

import io.parley.core.bot.JsonText;
import io.parley.core.bot.ToolApproval;
import io.parley.core.form.AskedForm;
import io.parley.core.session.Role;
import io.parley.sessions.SessionUpdate;
import java.util.Optional;

/**
 * A session's live updates as its chat client sees them, other than its messages and its end: the
 * public frame each one is, or nothing for one the client is not shown (a customer's own typing).
 */
final class UpdateFrames {
  private UpdateFrames() {}

  static Optional<ServerFrame> of(SessionUpdate update) {
    if (update instanceof SessionUpdate.AnswerCut cut) {
      return Optional.of(new ServerFrame.Interrupted(cut.turnId(), cut.seq(), cut.keptText()));
    }
    if (update instanceof SessionUpdate.Delta delta) return Optional.of(new ServerFrame.Delta(delta.turnId(), delta.text()));
    if (update instanceof SessionUpdate.ToolActivity tool) {
      // A failure's reason is the team's (FollowedFrames): it may tell how the node runs (an address
      // it refused, the tenant's other tools). The customer's client words a failure in its language.
      boolean failed = tool.status().equals(SessionUpdate.ToolActivity.FAILED);
      return Optional.of(new ServerFrame.Tool(tool.turnId(), tool.name(), tool.status(),
          failed ? null : tool.detail().orElse(null)));
    }
    if (update instanceof SessionUpdate.Composing composing && composing.role() == Role.AGENT) {
      return Optional.of(new ServerFrame.Composing(Role.AGENT, composing.author().orElse(null)));
    }
    if (update instanceof SessionUpdate.HandoffChanged changed) return Optional.of(ServerFrame.HandoffFrame.of(changed.handoff()));
    if (update instanceof SessionUpdate.QueuePlace place) {
      return Optional.of(new ServerFrame.QueueFrame(place.position(), place.expectedMinutes()));
    }
    if (update instanceof SessionUpdate.LanguageChanged changed) return Optional.of(new ServerFrame.LanguageFrame(changed.language()));
    if (update instanceof SessionUpdate.Typing typing) return Optional.of(new ServerFrame.Typing(typing.turnId()));
    if (update instanceof SessionUpdate.Rated rated) return Optional.of(ServerFrame.Rated.of(rated.rating()));
    if (update instanceof SessionUpdate.FilesShared shared) {
      return Optional.of(new ServerFrame.Attachments(shared.seq(), AttachmentJson.allOf(shared.sessionId(), shared.files())));
    }
    // The customer answers the approvals asked of them; of an agent's they are told what waits.
    if (update instanceof SessionUpdate.ApprovalChanged approval) {
      return Optional.of(approval.approver() == ToolApproval.CUSTOMER ? approvalFrame(approval)
          : new ServerFrame.AgentApproval(approval.approvalId(), approval.tool(), approval.summary(), approval.status(),
              approval.expiresAt()));
    }
    // A form's fields, never the customer's answers.
    if (update instanceof SessionUpdate.FormApprovalChanged form) return Optional.of(approvalFrame(form.approval(), form.form()));
    return Optional.empty();
  }

  static ServerFrame.Approval approvalFrame(SessionUpdate.ApprovalChanged approval) {
    return approvalFrame(approval, null);
  }

  private static ServerFrame.Approval approvalFrame(SessionUpdate.ApprovalChanged approval, AskedForm form) {
    return new ServerFrame.Approval(approval.approvalId(), approval.tool(), approval.summary(),
        JsonText.tree(approval.argumentsJson()), approval.status(), approval.expiresAt(), approval.reason().orElse(null),
        form == null ? null : form.toJson());
  }
}
