package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.Handoff;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.lead.LeadScore;
import io.parley.core.lead.LeadScoring;
import io.parley.core.lead.LeadSettings;
import io.parley.core.llm.TokenUsage;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ProcedureStep;
import io.parley.core.session.AnswerSource;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Heard;
import io.parley.core.session.Refusal;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.sessions.ArchiveRecord;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionView;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.SessionClosed;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.turn.ToolRound;
import io.parley.sessions.workflow.Workflow;
import io.parley.sessions.workflow.WorkflowState;
import io.parley.sessions.workflow.WorkflowStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every persisted type survives a round trip through the configured serializer, and the
 * persisted form of each event matches a golden file: a format change must be noticed (and
 * migrated deliberately), not slip into the journal. Golden files hold the CBOR payload decoded
 * to JSON so a change reads as a diff. Run with {@code -Dparley.golden.write=true} to rewrite
 * them after an intended change.
 */
class PersistedFormatTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit =
      ClassResource.of(() -> ActorTestKit.create(ConfigFactory.load()), ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private final Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
  private static final ObjectMapper cbor = new CBORMapper();
  private static final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final io.parley.core.citation.Citation CITED = new io.parley.core.citation.Citation(1, "doc-returns",
      "Returns and refunds", "https://help.example.com/returns", "Unused items can be returned within 30 days.", "en");
  private static final String ENTITY_PACKAGE = SessionEvent.class.getPackageName();
  private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");

  static Map<String, Object> persistedSamples() {
    Map<String, Object> samples = new LinkedHashMap<>();
    samples.put("SessionStarted", new SessionStarted("acme", Optional.of("user-42"), Channel.CHAT, AT));
    samples.put("SessionStarted-anonymous", new SessionStarted("acme", Optional.empty(), Channel.CHAT, AT));
    samples.put("SessionStarted-phone", new SessionStarted("acme", Optional.empty(), Channel.PHONE, AT));
    samples.put("SessionStarted-placed-call", new SessionStarted("acme", Optional.of("user-42"), Channel.PHONE, AT,
        Optional.empty(), true));
    samples.put("UserMessageAppended", new UserMessageAppended(1, "c-1", "Where is my order? ✈️", "turn-1", AT));
    samples.put("AssistantMessageAppended", new AssistantMessageAppended(
        2, "turn-1", "It shipped yesterday.", AnswerSource.LLM, Optional.of(new TokenUsage(120, 8)), AT));
    samples.put("AssistantMessageAppended-offline", new AssistantMessageAppended(
        2, "turn-1", "Sorry, our assistant is offline.", AnswerSource.OFFLINE, Optional.empty(), AT));
    samples.put("AssistantMessageAppended-cache", new AssistantMessageAppended(
        2, "turn-1", "Use the Forgot password link on the sign-in page.", AnswerSource.CACHE, Optional.empty(), AT));
    samples.put("AssistantMessageAppended-cache-saved", new AssistantMessageAppended(
        2, "turn-1", "Use the Forgot password link on the sign-in page.", AnswerSource.CACHE, Optional.empty(), AT,
        false, 1_280));
    samples.put("UserMessageAppended-spoken", new UserMessageAppended(1, "voice/6f1c0c7e/1", "where is my parcel", "turn-1",
        AT, Optional.of(new Heard("vosk", 0.93))));
    samples.put("UserMessageAppended-spoken-timed", new UserMessageAppended(1, "voice/6f1c0c7e/1", "where is my parcel",
        "turn-1", AT, Optional.of(new Heard("vosk", 0.93, 1_840))));
    samples.put("PlayedToCaller", new SessionEvent.PlayedToCaller("turn-1", 6_420, AT));
    samples.put("KeysPressed", new SessionEvent.KeysPressed(3, "4711", "rfc4733", true, "turn-3", AT));
    samples.put("RecordingConsentNoted", new SessionEvent.RecordingConsentNoted(SessionEvent.RecordingConsentNoted.GIVEN, AT));
    samples.put("KeysPressed-shown", new SessionEvent.KeysPressed(5, "1", "sip_info", false, "turn-5", AT));
    samples.put("AssistantMessageAppended-interrupted", new AssistantMessageAppended(
        2, "turn-1", "Ticket T-1001 is", AnswerSource.LLM, Optional.empty(), AT, true));
    samples.put("AssistantMessageAppended-options", new AssistantMessageAppended(
        1, "greeting", "Hi! What can I do for you?", AnswerSource.GREETING, Optional.empty(), AT, false, 0,
        List.of(new ReplyOption("Track my order", "Where is my order?"), new ReplyOption("Return an item", "Return an item"))));
    samples.put("AssistantMessageAppended-citations", new AssistantMessageAppended(
        2, "turn-1", "You can return it within 30 days [1].", AnswerSource.LLM, Optional.empty(), AT, false, 0,
        List.of(), Optional.empty(), List.of(CITED)));
    samples.put("AnswerInterrupted", new SessionEvent.AnswerInterrupted("turn-1", 2, "It shipped", AT));
    samples.put("SessionClosed", new SessionClosed("closed by client", AT));
    samples.put("FactPinned", new SessionEvent.FactPinned("email", "ada@example.com", 3, Optional.empty(), AT));
    samples.put("FactPinned-superseding", new SessionEvent.FactPinned("email", "ada@new.example", 7,
        Optional.of("ada@example.com"), AT));
    samples.put("SummaryUpdated", new SessionEvent.SummaryUpdated("Ada asked about order 1042.", 1, 8, AnswerSource.LLM, AT));
    samples.put("SessionArchived", new SessionEvent.SessionArchived("acme/2026/11/21/6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11.json",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 2048, "s3://parley-archive", AT));
    samples.put("MemoryRecorded", new SessionEvent.MemoryRecorded(AT));
    ToolRound.RequestedCall call = new ToolRound.RequestedCall("call-1", "fetch_status", "{\"ticket_id\":\"T-1042\"}");
    ToolRound.CompletedCall result = new ToolRound.CompletedCall("call-1", "fetch_status", true,
        "{\"ticket\":\"T-1042\",\"status\":\"open\"}", "T-1042 is open");
    samples.put("ToolCallsRequested", new SessionEvent.ToolCallsRequested("turn-3", List.of(call), AT));
    samples.put("ToolCallCompleted", new SessionEvent.ToolCallCompleted("turn-3", result, AT));
    ToolRound.Approval approval = new ToolRound.Approval("ap-5d2e", "call-2", "cancel_order", "{\"order\":\"A-1042\"}",
        "Cancel one of the customer's orders (order: A-1042)", io.parley.core.bot.ToolApproval.CUSTOMER, AT.plusSeconds(600),
        Optional.empty());
    samples.put("ApprovalRequested", new SessionEvent.ApprovalRequested("turn-3", approval, AT));
    ToolRound.Approval refund = new ToolRound.Approval("ap-7a1f", "refund.steps[4]", "refund_order",
        "{\"order\":\"A-1042\",\"amount\":30.5}", "Pays an order's money back (order: A-1042, amount: 30.5)",
        io.parley.core.bot.ToolApproval.CUSTOMER, AT.plusSeconds(600), Optional.empty());
    samples.put("ApprovalRequested-procedure", new SessionEvent.ApprovalRequested("procedure-turn-1-2", refund, AT,
        Optional.of("turn-1-2")));
    io.parley.core.form.AskedForm address = io.parley.core.form.AskedForm.of("Where should we send the new card?",
        JsonNodeFactory.instance.objectNode().<ObjectNode>set("properties",
            JsonNodeFactory.instance.objectNode()
                .<ObjectNode>set("street", JsonNodeFactory.instance.objectNode()
                    .put("type", "string").put("title", "Street and number").put("maxLength", 80))
                .<ObjectNode>set("floor", JsonNodeFactory.instance.objectNode()
                    .put("type", "integer").put("minimum", 0))
                .set("slot", JsonNodeFactory.instance.objectNode().put("type", "string").<ObjectNode>set(
                    "enum", JsonNodeFactory.instance.arrayNode().add("am").add("pm"))))
            .set("required", JsonNodeFactory.instance.arrayNode().add("street"))).orElseThrow();
    samples.put("ApprovalRequested-form", new SessionEvent.ApprovalRequested("turn-3", new ToolRound.Approval("ap-9c4b",
        "call-3", "shop_replace_card", "{\"card\":\"debit\"}", "Replaces a card: Where should we send the new card?",
        io.parley.core.bot.ToolApproval.CUSTOMER, AT.plusSeconds(600), Optional.empty(), Optional.of(address),
        Optional.empty()), AT));
    samples.put("ApprovalDecided-form", new SessionEvent.ApprovalDecided("turn-3", "ap-9c4b",
        new ToolRound.Decision(ToolRound.Outcome.APPROVED, Optional.empty(), AT.plusSeconds(40)),
        Optional.of(JsonNodeFactory.instance.objectNode().put("street", "Main St 5").put("slot", "pm"))));
    samples.put("ApprovalDecided", new SessionEvent.ApprovalDecided("turn-3", "ap-5d2e",
        new ToolRound.Decision(ToolRound.Outcome.REFUSED, Optional.of("I changed my mind"), AT.plusSeconds(30))));
    ToolRound.Decision byAgent = new ToolRound.Decision(ToolRound.Outcome.APPROVED, Optional.empty(), AT.plusSeconds(45),
        Optional.of("sam.agent"));
    samples.put("ApprovalDecided-by-agent", new SessionEvent.ApprovalDecided("turn-3", "ap-5d2e", byAgent));
    ConversationNotes withTools = sampleNotes()
        .withToolCallsRequested("turn-3", List.of(call, new ToolRound.RequestedCall("call-2", "cancel_order",
            "{\"order\":\"A-1042\"}")), AT)
        .withToolCall("turn-3", "call-1", noted -> noted.completed(result, AT.plusMillis(120)))
        .withToolCall("turn-3", "call-2", noted -> noted.asked(approval, AT.plusSeconds(1)))
        .withToolCall("turn-3", "call-2", noted -> noted.decided(byAgent));
    samples.put("snapshot-Closed-with-tool-calls", new SessionState.Closed(Optional.empty(), Channel.CHAT, AT,
        sampleTranscript(), withTools, AT.plusSeconds(60), "idle", Optional.empty(), false, Optional.empty()));
    samples.put("NoticeAppended", new SessionEvent.NoticeAppended(4, "escalation-1",
        "Your request is escalated as ticket T-1001; we answer high priority tickets within 4 hours.", AT));
    samples.put("WorkflowStarted", new io.parley.sessions.workflow.Workflow.WorkflowStarted("escalation",
        Map.of("sessionId", "6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11", "priority", "high"),
        List.of("create-ticket", "notify-webhook", "tell-user"), AT));
    samples.put("StepStarted", new io.parley.sessions.workflow.Workflow.StepStarted("notify-webhook", 2, AT));
    samples.put("StepSucceeded", new io.parley.sessions.workflow.Workflow.StepSucceeded("create-ticket", "T-1001", AT));
    samples.put("StepFailed", new io.parley.sessions.workflow.Workflow.StepFailed("notify-webhook", 1,
        "webhook answered 503", false, AT));
    samples.put("StepCompensated", new io.parley.sessions.workflow.Workflow.StepCompensated("create-ticket", AT));
    sampleWorkflowStates().forEach((name, state) -> samples.put("snapshot-Workflow" + name, state));
    samples.put("TokensRecorded", new TenantTokenBudget.TokensRecorded(
        "6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11/turn-3", 1_250, AT));
    samples.put("TokensRecordedOnALine", new TenantTokenBudget.TokensRecorded(
        "2b8e5c1a-0d6f-4a7e-9c3b-1f2e3d4c5b6a/case-7", 900, AT, Optional.of(TenantTokenBudget.EVALUATION)));
    samples.put("snapshot-TenantTokenBudgetWithLines", new TenantTokenBudget.State(LocalDate.of(2026, 11, 21), 5_000,
        List.of("6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11/turn-1"), Map.of(TenantTokenBudget.EVALUATION, 900L)));
    samples.put("snapshot-TenantTokenBudget", new TenantTokenBudget.State(LocalDate.of(2026, 11, 21), 5_000,
        List.of("6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11/turn-1", "6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11/turn-3")));
    samples.put("snapshot-Open", new SessionState.Open(Optional.of("user-42"), Channel.CHAT, AT, AT.plusSeconds(5),
        sampleTranscript(), sampleNotes(), List.of("turn-3"), Map.of("turn-3", List.of(new ToolRound(List.of(call), List.of(result)))),
        Handoff.bot(), Optional.empty(), false));
    PinnedBotConfig pinned = new PinnedBotConfig(3, new BotConfig(Optional.of("Ava"), Optional.of("Acme Lamps"),
        Optional.of("We are open 9-17 CET. Offer free returns within 30 days.")));
    samples.put("SessionStarted-configured", new SessionStarted("acme", Optional.empty(), Channel.CHAT, AT, Optional.of(pinned)));
    samples.put("TenantBotConfig-Published", new TenantBotConfig.Published(
        new TenantBotConfig.Version(3, pinned.config(), "admin-key", "friendlier name", AT)));
    samples.put("TenantBotConfig-Published-guarded", new TenantBotConfig.Published(new TenantBotConfig.Version(4,
        new BotConfigBuilder().assistantName("Ava").leadThreshold(60).leadWeights(Map.of("budget", 30))
            .handoffRules(new io.parley.core.handoff.HandoffRules(true, 2, true))
            .redactKinds(List.of(io.parley.core.privacy.PersonalDataKind.EMAIL, io.parley.core.privacy.PersonalDataKind.SSN))
            .redactPatterns(List.of(new io.parley.core.bot.RedactionPattern("MEMBER_ID", "\\bM-\\d{6}\\b")))
            .keepArchiveUnredacted(true).injectionGuard(BotConfig.InjectionGuard.REFUSE).build(),
        "admin-key", "redact member numbers, refuse injections", AT)));
    samples.put("TenantBotConfig-Published-voice", new TenantBotConfig.Published(new TenantBotConfig.Version(5,
        new BotConfigBuilder().greeting("Acme Lamps, this is Ava.")
            .voice(new io.parley.core.bot.VoicePreferences(
                Optional.of(io.parley.core.bot.VoicePreferences.TierPolicy.LEAD_SCORE), Optional.of(60),
                Optional.of("nova"), Optional.of(1.25)))
            .premiumVoiceBudget(20_000).build(),
        "admin-key", "premium voice for good leads", AT)));
    samples.put("TenantBotConfig-Published-answering-machine", new TenantBotConfig.Published(new TenantBotConfig.Version(8,
        new BotConfigBuilder().voice(new io.parley.core.bot.VoicePreferences(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(io.parley.core.bot.VoicePreferences.AnsweringMachine.LEAVE_MESSAGE)))
            .build(),
        "admin-key", "leave a message on machines", AT)));
    samples.put("TenantBotConfig-Published-turn-taking", new TenantBotConfig.Published(new TenantBotConfig.Version(9,
        new BotConfigBuilder().voice(new io.parley.core.bot.VoicePreferences(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(new io.parley.core.bot.TurnTaking(Optional.of(300), Optional.of(800), Optional.of(2_500),
                Map.of("en", List.of("mm hm", "okay"), "de", List.of("genau"))))))
            .build(),
        "admin-key", "callers read out long order numbers", AT)));
    samples.put("TenantBotConfig-Published-model", new TenantBotConfig.Published(new TenantBotConfig.Version(6,
        new BotConfigBuilder().toolsEnabled(List.of("kb_search"))
            .model(new io.parley.core.bot.ModelParameters(Optional.of(0.2), Optional.of(300), List.of("backup", "primary")))
            .webhookUrl("https://hooks.example.com/parley").build(),
        "admin-key", "knowledge base only, steadier answers", AT)));
    samples.put("TenantBotConfig-Published-limits", new TenantBotConfig.Published(new TenantBotConfig.Version(7,
        new BotConfigBuilder().limits(new io.parley.core.bot.UsageLimits(Optional.of(8_000), Optional.of(50_000),
            Optional.of(1_000_000), Optional.of(600), Optional.of(6))).build(),
        "admin-key", "a smaller window and a daily budget", AT)));
    samples.put("TenantBotConfig-DraftSaved", new TenantBotConfig.DraftSaved(new TenantBotConfig.Draft(2,
        new BotConfig(Optional.of("Max"), Optional.empty(), Optional.of("Mention the spring sale.")), "admin-key",
        "spring", AT)));
    samples.put("TenantBotConfig-DraftCleared", new TenantBotConfig.DraftCleared(2, AT));
    samples.put("TenantBotConfig-Published-phone", new TenantBotConfig.Published(new TenantBotConfig.Version(7,
        new BotConfigBuilder().phoneNumbers(List.of("+4930123456", "200")).build(),
        "admin-key", "our support line", AT)));
    samples.put("TenantBotConfig-Published-tools", new TenantBotConfig.Published(new TenantBotConfig.Version(8,
        BotConfig.empty().withMcpServers(List.of(new io.parley.core.bot.McpServerSetting("orders",
            "https://mcp.acme.example/mcp", Optional.of(new io.parley.core.bot.McpAuth.OAuth("https://auth.example/token",
                "parley", new io.parley.core.bot.TenantSecret("c2VhbGVk"), Optional.of("tools"))),
            List.of(new io.parley.core.bot.McpToolChoice("order_status", Optional.of("Where an order is"), Optional.of(8000))),
            List.of(new io.parley.core.bot.ListedMcpTool("order_status", "Status of an order",
                "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}", true))))),
        "admin-key", "the order system", AT)));
    samples.put("TenantBotConfig-Published-hours", new TenantBotConfig.Published(new TenantBotConfig.Version(9,
        new BotConfig(Optional.of("Ava"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(),
            List.of(), List.of(), Optional.empty(), Optional.empty(),
            Optional.of(new io.parley.core.handoff.SupportHours("Europe/Berlin",
                Map.of("monday", List.of("09:00-12:30", "13:30-17:00"), "friday", List.of("09:00-15:00"))))),
        "admin-key", "our support hours", AT)));
    samples.put("TenantBotConfig-Published-procedures", new TenantBotConfig.Published(new TenantBotConfig.Version(11,
        configuration("""
            {"httpTools": [{"name": "refund_order", "description": "Refunds an order", "procedureOnly": true,
                            "parameters": {"type": "object", "properties": {"order": {"type": "string"}}},
                            "url": "https://api.acme.example/parley/refund", "timeoutMs": 5000,
                            "maxAttempts": 3, "idempotent": true}],
             "mcpServers": [{"name": "orders", "url": "https://mcp.acme.example/mcp",
                             "tools": [{"name": "order_status"}, {"name": "cancel", "procedureOnly": true}]}],
             "procedures": [{"name": "refund", "description": "A customer wants their money back for an order",
               "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
               "steps": [
                 {"tool": "orders_order_status", "arguments": {"order": "{{inputs.order}}"}, "as": "status"},
                 {"check": "status.delivered == true", "otherwise": [{"say": "Not delivered yet."}, {"end": true}]},
                 {"ask": "reason", "prompt": "Why?", "schema": {"type": "string", "enum": ["damaged", "other"]}},
                 {"procedure": "verify"},
                 {"tool": "refund_order", "arguments": {"order": "{{inputs.order}}"}, "as": "refund"},
                 {"handoff": "refund made"}]},
               {"name": "verify", "description": "Checks the customer", "steps": [{"say": "Thanks."}]}]}
            """), "admin-key", "the refund procedure", AT)));
    samples.put("TenantBotConfig-Published-keypad", new TenantBotConfig.Published(new TenantBotConfig.Version(12,
        configuration("""
            {"procedures": [{"name": "pin", "description": "A caller checks their account",
               "steps": [
                 {"ask": "pin", "prompt": "Type your PIN, then the hash key.", "schema": {"type": "string"},
                  "keypad": {"min": 4, "max": 6, "terminator": "#", "timeout": 8}},
                 {"ask": "reason", "prompt": "What is it about?", "schema": {"type": "string", "enum": ["bill", "other"]},
                  "keypad": {"menu": [{"key": "1", "label": "your bill", "value": "bill"},
                                      {"key": "2", "label": "anything else", "value": "other"}], "redact": false}}]}]}
            """), "admin-key", "the PIN procedure", AT)));
    samples.put("TenantBotConfig-Published-rest", new TenantBotConfig.Published(new TenantBotConfig.Version(10,
        configuration("""
            {"assistantName": "Ava", "answerCache": true, "answerCacheTtlMinutes": 60, "answerCacheMaxEntries": 500,
             "phoneTransferTarget": "sip:support@pbx.example.com",
             "widget": {"name": "Ava", "avatarUrl": "https://www.acme.example/ava.png", "accentColor": "#0a84ff",
                        "position": "bottom-left", "greeting": "Hallo!", "launcherText": "Hilfe", "language": "de",
                        "theme": "dark", "sound": false, "texts": {"de": {"send": "Senden"}}},
             "webhookEvents": ["conversation.started", "conversation.closed"],
             "httpTools": [{"name": "refund_status", "description": "Whether a customer's refund was paid",
                            "parameters": {"type": "object", "properties": {"refund": {"type": "string"}}},
                            "url": "https://api.acme.example/parley/refund-status", "timeoutMs": 5000,
                            "maxAttempts": 3, "idempotent": true, "secret": {"sealed": "c2VhbGVk"},
                            "approval": "agent"}],
             "evaluationGate": {"minPassRate": 0.9}, "approvalTimeout": 300,
             "qualitySampleRate": 0.25, "qualityDailyTokens": 50000,
             "texts": {"de": {"greeting": "Hallo, hier ist Ava. Wie kann ich helfen?"}}}
            """), "admin-key", "the remaining settings", AT)));
    samples.put("TenantBotConfig-Published-replies", new TenantBotConfig.Published(new TenantBotConfig.Version(11,
        configuration("""
            {"greeting": "Hi! What can I do for you?",
             "greetingOptions": [{"label": "Track my order", "value": "Where is my order?",
                                  "translations": {"de": {"label": "Bestellung verfolgen", "value": "Wo ist meine Bestellung?"}}},
                                 {"label": "Return an item", "value": "Return an item"}],
             "suggestReplies": true}
            """), "admin-key", "replies to tap", AT)));
    samples.put("TenantBotConfig-Published-replies-as-written", new TenantBotConfig.Published(new TenantBotConfig.Version(12,
        configuration("""
            {"translateAgentReplies": false}
            """), "admin-key", "agents' replies as written", AT)));
    samples.put("TenantBotConfig-Published-costs", new TenantBotConfig.Published(new TenantBotConfig.Version(13,
        configuration("""
            {"costs": {"prices": {"currency": "EUR", "speechToText": {"openai": 0.0055},
                                  "textToSpeech": {"elevenlabs": 0.00017, "default": 0.00001},
                                  "model": {"openai": {"input": 0.00000014, "output": 0.00000056}},
                                  "trunk": {"inbound": 0.008, "outbound": 0.012}},
                       "budgets": {"daily": 20, "weekly": 100, "monthly": 350.5}}}
            """), "admin-key", "prices and budgets", AT)));
    samples.put("snapshot-Open-with-options", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        Transcript.empty().append(ChatMessage.answer(1, "Hi! What can I do for you?", "greeting", AT, false,
            AnswerSource.GREETING), Optional.empty()).offered(1, List.of(new ReplyOption("Track my order", "Where is my order?"))),
        sampleNotes(), List.of(), Map.of(), Handoff.bot(), Optional.empty(), false));
    samples.put("snapshot-Open-with-citations", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        Transcript.empty().append(ChatMessage.answer(1, "You can return it within 30 days [1].", "turn-1", AT, false,
            AnswerSource.LLM), Optional.empty()).cited(1, List.of(CITED)),
        sampleNotes(), List.of(), Map.of(), Handoff.bot(), Optional.empty(), false));
    samples.put("ContentErased", new SessionEvent.ContentErased());
    samples.put("snapshot-Erased", new SessionState.Erased());
    samples.put("snapshot-NotStarted", new SessionState.NotStarted());
    samples.put("snapshot-WorkflowNotStarted", WorkflowState.empty());
    samples.put("PhoneDirectory-NumbersClaimed", new io.parley.sessions.bot.PhoneDirectory.NumbersClaimed("acme",
        io.parley.sessions.bot.PhoneDirectory.Stage.DRAFT, List.of("+4930123456", "+4930777")));
    samples.put("snapshot-PhoneDirectory", new io.parley.sessions.bot.PhoneDirectory.State(Map.of("acme",
        new io.parley.sessions.bot.PhoneDirectory.TenantNumbers(List.of("+4930123456"), List.of("+4930777")))));
    samples.put("SessionStarted-draft", new SessionStarted("acme", Optional.empty(), Channel.CHAT, AT,
        Optional.of(new PinnedBotConfig(2, new BotConfig(Optional.of("Max"), Optional.empty(), Optional.empty()), true))));
    samples.put("SessionStarted-experiment", new SessionStarted("acme", Optional.empty(), Channel.CHAT, AT,
        Optional.of(new PinnedBotConfig(2, new BotConfig(Optional.of("Max"), Optional.empty(), Optional.empty()))
            .in(new io.parley.core.experiment.ExperimentArm(4, io.parley.core.experiment.Arm.CANDIDATE)))));
    samples.put("TenantBotConfig-ExperimentStarted", new TenantBotConfig.ExperimentStarted(
        new io.parley.sessions.bot.Experiment(4, new io.parley.sessions.bot.Experiment.Candidate(2, true,
            new BotConfig(Optional.of("Max"), Optional.empty(), Optional.of("Mention the spring sale."))), 0.25, 3,
            "admin-key", AT, Optional.empty())));
    samples.put("TenantBotConfig-ExperimentEnded", new TenantBotConfig.ExperimentEnded(4,
        new io.parley.sessions.bot.Experiment.Ending(io.parley.sessions.bot.Experiment.Reason.PROMOTED, "dana@acme.example",
            AT, Optional.of(5))));
    samples.put("TenantBotConfig-ExperimentEnded-stopped", new TenantBotConfig.ExperimentEnded(5,
        new io.parley.sessions.bot.Experiment.Ending(io.parley.sessions.bot.Experiment.Reason.STOPPED, "key:ops",
            AT, Optional.empty())));
    samples.put("AgentRequested", new SessionEvent.AgentRequested(HandoffTrigger.CUSTOMER_ASKED, AT));
    samples.put("AgentJoined", new SessionEvent.AgentJoined("agent-7", "Dana", AT));
    samples.put("AgentMessageAppended", new SessionEvent.AgentMessageAppended(5, "a-1", "agent-7", "Dana",
        "I've refunded order 1042.", AT));
    io.parley.core.session.Translation translation =
        new io.parley.core.session.Translation("I've refunded order 1042.", "en", "de");
    samples.put("AgentMessageAppended-translated", new SessionEvent.AgentMessageAppended(5, "a-1", "agent-7", "Dana",
        "Ich habe Bestellung 1042 erstattet.", AT, Optional.of(translation), List.of()));
    // A reply the model failed to translate: sent as written, its mark's original the text itself.
    samples.put("AgentMessageAppended-untranslated", new SessionEvent.AgentMessageAppended(6, "a-2", "agent-7", "Dana",
        "I've refunded order 1042.", AT, Optional.of(new io.parley.core.session.Translation("I've refunded order 1042.",
            "en", "ar")), List.of()));
    samples.put("snapshot-Open-with-translated-agent-message", new SessionState.Open(Optional.of("user-42"), Channel.CHAT,
        AT, AT.plusSeconds(5), sampleTranscript().append(ChatMessage.byAgent(4, "Dana", "Ich habe Bestellung 1042 erstattet.",
            AT, Optional.of(translation)), Optional.of("agent:a-1")), sampleNotes(), List.of(), Map.of(),
        Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("agent-7", "Dana", AT.plusSeconds(20)),
        Optional.empty(), false));
    samples.put("ReturnedToBot", new SessionEvent.ReturnedToBot("handed_back", AT));
    samples.put("CallTransferred", new SessionEvent.CallTransferred("sip:support@pbx.example.com", true, "200 OK", AT));
    samples.put("CallTransferred-failed", new SessionEvent.CallTransferred("sip:support@pbx.example.com", false,
        "503 Service Unavailable", AT));
    samples.put("WarmTransferEnded", new SessionEvent.WarmTransferEnded("sip:support@pbx.example.com", "accepted",
        Optional.empty(), 8200, AT));
    samples.put("WarmTransferEnded-busy", new SessionEvent.WarmTransferEnded("sip:support@pbx.example.com", "busy",
        Optional.of(486), 2100, AT));
    samples.put("snapshot-Closed-transferred", new SessionState.Closed(Optional.empty(), Channel.PHONE, AT, sampleTranscript(),
        sampleNotes().withTransfer(new io.parley.core.handoff.CallTransfer("sip:support@pbx.example.com", true, "200 OK", AT)),
        AT.plusSeconds(60), "call transferred", Optional.empty(), false, Optional.empty()));
    samples.put("snapshot-Open-with-agent", new SessionState.Open(Optional.of("user-42"), Channel.PHONE, AT, AT.plusSeconds(5),
        sampleTranscript().append(ChatMessage.byAgent(4, "Dana", "I've refunded order 1042.", AT), Optional.of("agent:a-1")),
        sampleNotes(), List.of(), Map.of(), Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT)
            .takenBy("agent-7", "Dana", AT.plusSeconds(20)), Optional.of(pinned), false));
    samples.put("snapshot-Open-placed-call", new SessionState.Open(Optional.of("user-42"), Channel.PHONE, AT, AT,
        Transcript.empty(), ConversationNotes.empty(), List.of(), Map.of(), Handoff.bot(), Optional.empty(), true));
    samples.put("snapshot-Open-cached-answer", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        Transcript.empty()
            .append(new ChatMessage(1, Role.USER, "How do I reset my password?", "turn-1", AT), Optional.of("c-1"))
            .append(ChatMessage.answer(2, "Use the Forgot password link on the sign-in page.", "turn-1", AT, false,
                AnswerSource.CACHE), Optional.empty()),
        ConversationNotes.empty(), List.of(), Map.of(), Handoff.bot(), Optional.empty(), false));
    AgentQueue.Entry waiting = new AgentQueue.Entry("6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11", Channel.CHAT,
        HandoffTrigger.CUSTOMER_ASKED, AT);
    samples.put("AgentQueue-Queued", new AgentQueue.Queued(waiting));
    samples.put("AgentQueue-Left", new AgentQueue.Left(waiting.sessionId(), AT));
    samples.put("snapshot-AgentQueue", new AgentQueue.State(List.of(waiting)));
    samples.put("AgentQueue-Taken", new AgentQueue.Taken(waiting.sessionId(), AT));
    samples.put("AgentQueue-ClaimGranted", new AgentQueue.ClaimGranted(waiting.sessionId(), "agent-7", AT));
    samples.put("AgentQueue-Released", new AgentQueue.Released(waiting.sessionId(), "agent-7", AT));
    samples.put("snapshot-AgentQueue-with-agents", new AgentQueue.State(List.of(waiting),
        Map.of(waiting.sessionId(), "agent-7", "0b6e2c1a-3f4d-4e5a-8b9c-1d2e3f4a5b6c", "agent-8"),
        List.of(java.time.Duration.ofSeconds(95), java.time.Duration.ofMillis(61_500))));
    LeadScore lead = LeadScoring.next(Optional.empty(), "What does the enterprise plan cost? Our budget is $5k.", 1, 3, AT,
        LeadSettings.standard(70));
    samples.put("LeadScored", new SessionEvent.LeadScored(lead));
    samples.put("snapshot-Open-with-lead", new SessionState.Open(Optional.of("user-42"), Channel.CHAT, AT, AT,
        sampleTranscript(), sampleNotes().withLead(lead), List.of(), Map.of(), Handoff.bot(), Optional.empty(), false));
    io.parley.core.session.PageContext page = new io.parley.core.session.PageContext(Map.of(
        "url", "https://www.acme.example/pricing", "plan", "pro", "seats", "5", "trial", "true", "discount", "0.15"));
    samples.put("PageContextSet", new SessionEvent.PageContextSet(page, AT));
    SessionEvent.LanguageDecided german =
        new SessionEvent.LanguageDecided("de", io.parley.core.language.ConversationLanguage.Source.START, AT);
    samples.put("LanguageDecided", german);
    samples.put("snapshot-Open-with-language", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        sampleTranscript(), sampleNotes().withLanguage(german.decided()), List.of(), Map.of(), Handoff.bot(), Optional.empty(), false));
    io.parley.core.attachment.Attachment label = new io.parley.core.attachment.Attachment(
        "att_0123456789abcdef0123456789abcdef", "label.jpg", "image/jpeg", 48213, AT);
    samples.put("AttachmentAdded", new SessionEvent.AttachmentAdded(label));
    samples.put("AgentMessageAppended-with-attachments", new SessionEvent.AgentMessageAppended(6, "a-2", "agent-7",
        "Dana", "Here is the return label", AT, Optional.empty(), List.of(label.attachmentId())));
    samples.put("UserMessageAppended-with-attachments", new SessionEvent.UserMessageAppended(3, "c-2",
        "Here is the label", "turn-3", AT, Optional.empty(), List.of(label.attachmentId())));
    samples.put("snapshot-Open-with-attachments", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        sampleTranscript(), sampleNotes().withAttachment(label).withShared(3, List.of(label.attachmentId())), List.of(),
        Map.of(), Handoff.bot(), Optional.empty(), false));
    samples.put("TenantBotConfig-Published-attachments", new TenantBotConfig.Published(new TenantBotConfig.Version(11,
        configuration("{\"attachmentTypes\": [\"image/png\", \"image/jpeg\", \"application/pdf\"], \"vision\": true}"),
        "admin-key", "photos and invoices", AT)));
    samples.put("Rated", new SessionEvent.Rated(4, Optional.of("Helpful, but slow at first"), AT));
    samples.put("Rated-without-comment", new SessionEvent.Rated(5, Optional.empty(), AT));
    samples.put("ContactLeft", new SessionEvent.ContactLeft(Optional.of("ann.lee@example.com"), true, AT));
    samples.put("ContactLeft-declined", new SessionEvent.ContactLeft(Optional.empty(), false, AT));
    samples.put("ProcedureStarted", new SessionEvent.ProcedureStarted("turn-1-2", "refund", "{\"order\":\"A-1042\"}",
        "turn-1", AT));
    samples.put("ProcedureStepDone", new SessionEvent.ProcedureStepDone("turn-1-2", "refund.steps[0]",
        Optional.of("{\"delivered\":true,\"total\":30.5}"), AT));
    samples.put("ProcedureStepDone-say", new SessionEvent.ProcedureStepDone("turn-1-2", "refund.steps[5]", Optional.empty(), AT));
    samples.put("ProcedureChecked", new SessionEvent.ProcedureChecked("turn-1-2", "refund.steps[1]", true,
        "{\"status\":{\"delivered\":true}}", Optional.empty(), AT));
    samples.put("ProcedureChecked-error", new SessionEvent.ProcedureChecked("turn-1-2", "refund.steps[1]", false, "{}",
        Optional.of("no such key: delivered"), AT));
    samples.put("ProcedureAsked", new SessionEvent.ProcedureAsked("turn-1-2", "refund.steps[2]", 2, Optional.empty(), AT));
    samples.put("ProcedureAsked-prompt", new SessionEvent.ProcedureAsked("turn-1-2", "refund.steps[2]", 1,
        Optional.of("What was wrong with order A-1042?"), AT));
    samples.put("ProcedureEnded-completed", new SessionEvent.ProcedureEnded("turn-1-2", "refund.steps[5]",
        ProcedureRun.Status.COMPLETED, "", AT));
    samples.put("ProcedureEnded", new SessionEvent.ProcedureEnded("turn-1-2", "refund.steps[2]",
        ProcedureRun.Status.HANDED_OVER, "no valid answer to reason after 3 asks", AT));
    samples.put("AssistantMessageAppended-procedure", new SessionEvent.AssistantMessageAppended(
        3, "turn-2", "Why was the order wrong?", AnswerSource.PROCEDURE, Optional.empty(), AT));
    samples.put("AssistantMessageAppended-procedure-translated", new SessionEvent.AssistantMessageAppended(
        4, "turn-3", "Wohin soll Bestellung A-1042 gehen?", AnswerSource.PROCEDURE, Optional.empty(), AT, false, 0,
        List.of(), Optional.of(new io.parley.core.session.Translation("Where shall order A-1042 go?", "en", "de"))));
    Procedure thanks = new Procedure("verify", "Checks the customer", null,
        List.of(new ProcedureStep.Say("Thanks."), new ProcedureStep.End()));
    ProcedureNote running = ProcedureNote.started("turn-1-2", "turn-1", thanks, "{}", AT).after(
        ProcedureNote.Step.of("verify.steps[0]", "say", Optional.empty(), AT), run -> run.passed(Map.of("verify", thanks)));
    samples.put("snapshot-Open-with-procedure", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        sampleTranscript(), sampleNotes().withProcedure("turn-1-2", note -> note, Optional.of(running)), List.of(),
        Map.of(), Handoff.bot(), Optional.empty(), false));
    samples.put("snapshot-Open-with-contact", new SessionState.Open(Optional.empty(), Channel.CHAT, AT, AT,
        sampleTranscript(), sampleNotes().withContact(new io.parley.core.handoff.CustomerContact(
            Optional.of("ann.lee@example.com"), true, AT)), List.of(), Map.of(), Handoff.bot(), Optional.empty(), false));
    samples.put("snapshot-Closed-rated", new SessionState.Closed(Optional.empty(), Channel.CHAT, AT, sampleTranscript(),
        sampleNotes().withPage(page).withRating(new io.parley.core.session.Rating(4, Optional.of("Helpful"), AT)),
        AT.plusSeconds(60), "idle", Optional.empty(), false, Optional.empty()));
    samples.put("snapshot-Closed", new SessionState.Closed(Optional.empty(), Channel.CHAT, AT, sampleTranscript(), sampleNotes(),
        AT.plusSeconds(60), "idle", Optional.of(new ArchiveRecord("acme/2026/11/21/x.json", "abc", 10,
            "file:/var/parley/archive", AT)), true, Optional.empty()));
    return samples;
  }

  /** A bot configuration as its persisted JSON says it, for the settings most easily read that way. */
  private static BotConfig configuration(String json) {
    return PersistedConfigs.read(json);
  }

  @Test
  void everyPersistedTypeMatchesItsGoldenFileAndReadsBack() throws IOException {
    boolean write = Boolean.getBoolean("parley.golden.write");
    for (Map.Entry<String, Object> sample : persistedSamples().entrySet()) {
      Object event = sample.getValue();
      Serializer serializer = serialization.findSerializerFor(event);
      ObjectNode persisted = json.createObjectNode();
      persisted.put("serializerId", serializer.identifier());
      persisted.put("manifest", Serializers.manifestFor(serializer, event));
      persisted.set("payload", cbor.readTree(serializer.toBinary(event)));
      Path file = GOLDEN.resolve(sample.getKey() + ".json");
      if (write) Files.writeString(file, json.writeValueAsString(persisted) + "\n");
      if (!Files.exists(file)) fail("no golden file " + file + "; run with -Dparley.golden.write=true once and commit it");

      JsonNode golden = json.readTree(file.toFile());
      assertEquals(golden, persisted, sample.getKey() + " is persisted differently than its golden file");
      Object read = serialization.deserialize(cbor.writeValueAsBytes(golden.get("payload")),
          golden.get("serializerId").asInt(), golden.get("manifest").asText()).get();
      assertEquals(event, read, sample.getKey() + " golden file does not read back as the event");
    }
  }

  /**
   * Journals and snapshots written before the events moved from {@code ChatSession} to
   * {@link SessionEvent} (and before sessions had a channel) still read, as the same events and
   * states, on the chat channel.
   */
  @Test
  void journalsWrittenBeforeTheEventsMovedStillRead() throws IOException {
    Map<String, Object> samples = persistedSamples();
    try (var files = Files.list(GOLDEN.resolve("before-0.2"))) {
      List<Path> legacy = files.sorted().toList();
      assertEquals(16, legacy.size(), "every session event and snapshot of 0.1 has a file");
      for (Path file : legacy) {
        JsonNode old = json.readTree(file.toFile());
        Object read = serialization.deserialize(cbor.writeValueAsBytes(old.get("payload")),
            old.get("serializerId").asInt(), old.get("manifest").asText()).get();
        String name = file.getFileName().toString().replace(".json", "");
        assertEquals(samples.get(name), read, file + " does not read as today's " + name);
      }
    }
  }

  /**
   * Journals, snapshots and sealed payloads written before the session entity got its package
   * ({@code io.parley.sessions.entity}), under {@code io.parley.sessions.<Type>}, read as the same
   * events and states.
   */
  @Test
  void journalsWrittenBeforeTheEntityGotItsPackageStillRead() throws IOException {
    List<String> olds = typesInTopPackage();
    List<Object> written = new ArrayList<>(persistedSamples().values());
    written.add(new SealedPayload("k-1", 33, SessionEvent.SessionClosed.class.getName(), new byte[] {1, 2, 3}));
    int renamed = 0;
    for (Object value : written) {
      if (!value.getClass().getPackageName().equals(ENTITY_PACKAGE)) continue;
      Serializer serializer = serialization.findSerializerFor(value);
      String old = Serializers.manifestFor(serializer, value).replace(ENTITY_PACKAGE + ".", "io.parley.sessions.");
      if (!olds.contains(old)) continue;
      Object read = serialization.deserialize(serializer.toBinary(value), serializer.identifier(), old).get();
      if (value instanceof SealedPayload sealed) {
        assertEquals(sealed.manifest(), ((SealedPayload) read).manifest(), old + " does not read as today's");
      } else {
        assertEquals(value, read, old + " does not read as today's");
      }
      renamed++;
    }
    assertTrue(renamed > 40, "the samples hold the session's events and states");
  }

  /**
   * A node of an earlier version sends commands and replies of a session under the old package's
   * names too: every type the entity had there (listed from the last commit before the move) is bound
   * to the rename and reads as a type of today. Types added since were never written under the old
   * names and need no binding.
   */
  @Test
  void everyTypeTheEntityWroteUnderTheOldPackageIsBoundToTheRename() throws IOException {
    var migrations = testKit.system().settings().config().getConfig("pekko.serialization.jackson.migrations").root();
    List<String> olds = typesInTopPackage();
    assertTrue(olds.size() > 50, "the list holds the session's events, states and commands");
    for (String old : olds) {
      assertTrue(migrations.containsKey(old), old + " has no migration");
      String renamed = new EarlierNames().transformClassName(1, old);
      assertEquals(old.replace("io.parley.sessions.", ENTITY_PACKAGE + "."), renamed);
      assertDoesNotThrow(() -> Class.forName(renamed), old + " names no type of today");
    }
  }

  /** The entity's types as they were named in the top package, from the last commit before the move. */
  private static List<String> typesInTopPackage() throws IOException {
    return Files.readAllLines(GOLDEN.resolve("entity-types-in-top-package.txt")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  /** The agent queue's journal of 0.2 named the customer and quoted them; it reads today without either. */
  @Test
  void queueJournalsThatHeldTheCustomersWordsReadWithoutThem() throws IOException {
    Map<String, Object> samples = persistedSamples();
    for (String name : List.of("AgentQueue-Queued", "snapshot-AgentQueue")) {
      JsonNode old = json.readTree(GOLDEN.resolve("before-0.3").resolve(name + ".json").toFile());
      assertTrue(old.toString().contains("Can I talk to a person?"), "the old form quoted the customer");
      Object read = serialization.deserialize(cbor.writeValueAsBytes(old.get("payload")),
          old.get("serializerId").asInt(), old.get("manifest").asText()).get();
      assertEquals(samples.get(name), read, name + " of 0.2 does not read as today's");
    }
  }

  @Test
  void snapshotsOfEveryStateRoundTrip() {
    Transcript transcript = sampleTranscript();
    List<SessionState> states = List.of(
        new SessionState.NotStarted(),
        new SessionState.Open(Optional.of("user-42"), Channel.VOICE, AT, AT, transcript, sampleNotes(), List.of("turn-3"),
            Map.of(), Handoff.bot().requested(HandoffTrigger.ESCALATION, AT), Optional.empty(), false),
        new SessionState.Closed(Optional.empty(), Channel.PHONE, AT, transcript, ConversationNotes.empty(), AT.plusSeconds(60), "idle",
            Optional.empty(), false, Optional.of(new PinnedBotConfig(1, BotConfig.empty()))));
    states.forEach(state -> assertEquals(state, roundTrip(state)));
  }

  @Test
  void workflowStatesRoundTripInEveryPhaseAlsoInsideAReply() {
    List<WorkflowState> states = new java.util.ArrayList<>(sampleWorkflowStates().values());
    states.add(WorkflowState.empty());
    states.forEach(state -> assertEquals(state, roundTrip(state)));
    sampleWorkflowStates().values().forEach(state -> {
      StatusReply<WorkflowStatus> reply = StatusReply.success(new WorkflowStatus("acme", "w-1", (WorkflowState.Started) state));
      assertEquals(reply, roundTrip(reply));
    });
  }

  @Test
  void repliesAndUpdatesRoundTripBetweenNodes() {
    SessionInfo info = new SessionInfo("3f2a", "acme", Optional.empty(), Channel.CHAT, SessionStatus.OPEN, 3, AT);
    ChatMessage message = new ChatMessage(2, Role.ASSISTANT, "Hi", "turn-1", AT);
    List<Object> messages = List.of(
        StatusReply.success(info),
        StatusReply.success(new SessionInfo("3f2a", "acme", Optional.empty(), Channel.CHAT, SessionStatus.OPEN, 3, AT,
            Handoff.bot(), Optional.empty(), 0, Optional.of("de-AT"))),
        StatusReply.success(new SessionCommand.Accepted(3, "turn-3", true)),
        StatusReply.success(new SessionCommand.Answer(message)),
        StatusReply.success(new SessionCommand.Closing("done")),
        StatusReply.success(new SessionCommand.ContactNoted(true)),
        StatusReply.success(new SessionCommand.ContactCard(Optional.of("ann.lee@example.com"),
            Optional.of("Conversation, messages 1 to 2:"), "de")),
        StatusReply.success(new SessionView(info, List.of(message), sampleNotes(), Optional.of(AT), Optional.of("done"),
            Optional.empty(), Optional.of(2))),
        StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "no such session")),
        StatusReply.error(Refusal.retryLater(ErrorCode.RATE_LIMITED, "too many messages; wait a moment", 1_500)),
        new SessionUpdate.MessageAdded(message),
        new SessionUpdate.MessageAdded(ChatMessage.byAgent(4, "Dana", "Hello, I'm Dana.", AT)),
        new SessionUpdate.HandoffChanged(Handoff.bot().takenBy("agent-7", "Dana", AT)),
        new SessionUpdate.Delta("turn-1", "Hi"),
        new SessionUpdate.Typing("turn-1", 35),
        new SessionUpdate.Ended("closed"),
        new SessionUpdate.Refused(ErrorCode.NOT_FOUND, "no such session"),
        new TenantTokenBudget.Standing(5_000, 100_000, AT),
        new TenantTokenBudget.Standing(5_000, 100_000, AT, Map.of("conversations", 4_100L, "evaluation", 900L)));
    messages.forEach(m -> assertEquals(m, roundTrip(m)));
  }

  @Test
  void theStopOfARestartCrossesNodesAndOneFromAnOlderNodeIsReadUnderItsNewName() {
    InternalCommand.Stop stop = new InternalCommand.Stop();
    assertEquals(stop, roundTrip(stop));
    Serializer serializer = serialization.findSerializerFor(stop);
    assertEquals(stop, serialization.deserialize(serializer.toBinary(stop), serializer.identifier(), EarlierNames.STOP).get());
    assertEquals("io.parley.sessions.entity.InternalCommand$Stop", Serializers.manifestFor(serializer, stop),
        "the name nodes of the release before read");
  }

  @Test
  void aStartCrossesNodesWithItsNewIdAndOneFromAnOlderNodeReadsAsAStartOfANamedId() {
    ActorRef<StatusReply<SessionInfo>> replyTo = testKit.<StatusReply<SessionInfo>>createTestProbe().getRef();
    SessionCommand.Start minted = SessionCommand.Start.ofNewId(Optional.of("user-42"), Channel.CHAT, false, replyTo);
    // Its reply-to ref is written as it is between nodes.
    Object read = Serialization$.MODULE$.withTransportInformation(
        (org.apache.pekko.actor.ExtendedActorSystem) testKit.system().classicSystem(), () -> {
      Serializer serializer = serialization.findSerializerFor(minted);
      String manifest = Serializers.manifestFor(serializer, minted);
      assertEquals(minted, serialization.deserialize(serializer.toBinary(minted), serializer.identifier(), manifest).get());
      // A node from before the field sends its starts without it.
      try {
        ObjectNode fields = (ObjectNode) cbor.readTree(serializer.toBinary(minted));
        fields.remove("newId");
        return serialization.deserialize(cbor.writeValueAsBytes(fields), serializer.identifier(), manifest).get();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(new SessionCommand.Start(Optional.of("user-42"), Channel.CHAT, false, false, replyTo), read);
  }

  /** A workflow in each phase after its start, as the events of an escalation leave it. */
  private static Map<String, WorkflowState> sampleWorkflowStates() {
    Map<String, WorkflowState> states = new LinkedHashMap<>();
    WorkflowState.Running running = WorkflowState.empty()
        .start("escalation", Map.of("sessionId", "s-1", "priority", "high"), List.of("create-ticket", "notify-webhook"), AT)
        .stepStarted("create-ticket", 1, AT);
    states.put("Running", running);
    WorkflowState.Running second = (WorkflowState.Running) running.stepSucceeded("create-ticket", "T-1001", AT.plusSeconds(1));
    states.put("Completed", ((WorkflowState.Running) second.stepStarted("notify-webhook", 1, AT.plusSeconds(1)))
        .stepSucceeded("notify-webhook", "delivered: 204", AT.plusSeconds(2)));
    WorkflowState.Started compensating = second.stepStarted("notify-webhook", 1, AT.plusSeconds(1))
        .stepFailed("notify-webhook", "the webhook answered 410", true, AT.plusSeconds(2));
    states.put("Compensating", compensating);
    states.put("Compensated", ((WorkflowState.Compensating) compensating).stepCompensated("create-ticket", AT.plusSeconds(3)));
    return states;
  }

  private static ConversationNotes sampleNotes() {
    return ConversationNotes.empty()
        .withFact(new io.parley.core.memory.PinnedFact("email", "ada@example.com", 1, AT), Optional.empty())
        .withFact(new io.parley.core.memory.PinnedFact("email", "ada@new.example", 3, AT), Optional.of("ada@example.com"))
        .withSummary("Ada said hello.", new io.parley.core.memory.SeqRange(1, 2), AnswerSource.OFFLINE, AT)
        .withUsage(Optional.of(new TokenUsage(100, 20)));
  }

  private static Transcript sampleTranscript() {
    return Transcript.empty()
        .append(new ChatMessage(1, Role.USER, "hello", "turn-1", AT), Optional.of("c-1"))
        .append(new ChatMessage(2, Role.ASSISTANT, "Hi! How can I help?", "turn-1", AT), Optional.empty())
        .append(new ChatMessage(3, Role.USER, "my order", "turn-3", AT), Optional.of("c-2"));
  }

  private Object roundTrip(Object value) {
    Serializer serializer = serialization.findSerializerFor(value);
    byte[] bytes = serializer.toBinary(value);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
  }
}
