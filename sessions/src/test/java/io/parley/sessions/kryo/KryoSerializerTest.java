package io.parley.sessions.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.parley.core.KryoSerializable;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.VoicePreferences;
import io.parley.core.handoff.Handoff;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Role;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.workflow.Workflow;
import io.parley.sessions.workflow.WorkflowState;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The updates a session pushes to subscribers go through Kryo under the configuration a node
 * runs with, and come back equal; persisted types never do.
 */
class KryoSerializerTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit =
      ClassResource.of(() -> ActorTestKit.create(ConfigFactory.load()), ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private final Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
  private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");

  @Test
  void everySessionUpdateRoundTripsThroughKryo() {
    TestProbe<SessionCommand> session = testKit.createTestProbe();
    ChatMessage question = new ChatMessage(1, Role.USER, "Where is my order? ✈️", "turn-1", AT);
    ChatMessage answer = new ChatMessage(2, Role.ASSISTANT, "It left on Monday.", "turn-1", AT);
    List<ChatMessage> transcript = List.of(question, answer);
    List<SessionUpdate> updates = List.of(
        new SessionUpdate.Joined(session.ref(),
            new SessionInfo("3f2a", "acme", Optional.of("user-42"), Channel.CHAT, SessionStatus.OPEN, 2, AT),
            // a resume replays a sublist of the transcript; it arrives as a plain list of the same messages
            transcript.subList(1, 2), Optional.of("turn-2")),
        new SessionUpdate.Joined(session.ref(),
            new SessionInfo("3f2a", "acme", Optional.empty(), Channel.PHONE, SessionStatus.CLOSED, 0, AT), new ArrayList<>(),
            Optional.empty()),
        new SessionUpdate.Joined(session.ref(),
            new SessionInfo("3f2a", "acme", Optional.empty(), Channel.VOICE, SessionStatus.OPEN, 0, AT, Handoff.bot(),
                Optional.of(new PinnedBotConfig(2, new BotConfigBuilder().assistantName("Ava")
                    .leadWeights(Map.of("budget", 30)).greeting("Acme Lamps, this is Ava.")
                    .voice(new VoicePreferences(Optional.of(VoicePreferences.TierPolicy.LEAD_SCORE), Optional.of(60),
                        Optional.of("nova"), Optional.of(1.25))).premiumVoiceBudget(20_000).toolsEnabled(List.of("kb_search"))
                    .model(new io.parley.core.bot.ModelParameters(Optional.of(0.2), Optional.of(300), List.of("backup")))
                    .webhookUrl("https://hooks.example.com/parley").phoneNumbers(List.of("+4930123456"))
                    .limits(new io.parley.core.bot.UsageLimits(Optional.of(8_000), Optional.of(50_000),
                        Optional.of(1_000_000), Optional.of(600), Optional.of(6))).build())), 45, Optional.of("de-AT")),
            List.of(), Optional.empty()),
        new SessionUpdate.Refused(ErrorCode.NOT_FOUND, "no such session"),
        new SessionUpdate.MessageAdded(answer),
        new SessionUpdate.MessageAdded(answer.cutTo("It left")),
        new SessionUpdate.OfferingMessageAdded(answer, List.of(new io.parley.core.session.ReplyOption("Track it", "Track my order"),
            new io.parley.core.session.ReplyOption("Return it", "Return an item"))),
        new SessionUpdate.CitingMessageAdded(answer, List.of(), List.of(new io.parley.core.citation.Citation(1, "doc-1",
            "Shipping", "https://help.example.com/shipping", "Parcels leave within a day.", "en"))),
        new SessionUpdate.AnswerCut("turn-1", 2, "It left"),
        new SessionUpdate.Typing("turn-1", 35),
        new SessionUpdate.Delta("turn-1", " it left"),
        new SessionUpdate.ToolActivity("turn-1", "order_status", SessionUpdate.ToolActivity.SUCCEEDED,
            Optional.of("order 48213: shipped")),
        new SessionUpdate.MessageAdded(ChatMessage.byAgent(3, "Dana", "I've refunded it.", AT)),
        new SessionUpdate.MessageAdded(ChatMessage.byAgent(4, "Dana", "Ich habe es erstattet.", AT,
            Optional.of(new io.parley.core.session.Translation("I've refunded it.", "en", "de")))),
        new SessionUpdate.HandoffChanged(Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT)),
        new SessionUpdate.HandoffChanged(Handoff.bot().takenBy("agent-7", "Dana", AT)),
        new SessionUpdate.Composing(Role.USER, Optional.empty()),
        new SessionUpdate.Rated(new io.parley.core.session.Rating(4, Optional.of("Helpful"), AT)),
        new SessionUpdate.Rated(new io.parley.core.session.Rating(1, Optional.empty(), AT)),
        new SessionUpdate.Composing(Role.AGENT, Optional.of("Dana")),
        new SessionUpdate.FilesShared("5f0c6a52-3f7e-4c41-9b7b-2a1d7c9e0f11", 3, List.of(new io.parley.core.attachment.Attachment(
            "att_0123456789abcdef0123456789abcdef", "label.jpg", "image/jpeg", 48213, AT))),
        new SessionUpdate.QueuePlace(2, 6),
        new SessionUpdate.TransferCall("sip:support@pbx.example.com"),
        new SessionUpdate.WarmTransferCall("sip:support@pbx.example.com", "A caller is waiting.", "en"),
        new SessionUpdate.PressKeys("1#"),
        new SessionUpdate.LanguageChanged("de-AT"),
        new SessionUpdate.ApprovalChanged("ap-1", "turn-3", "shop_refund", "Refund order 48213 (€42)",
            "{\"order\":\"48213\"}", io.parley.core.bot.ToolApproval.CUSTOMER, AT.plusSeconds(600),
            SessionUpdate.ApprovalChanged.PENDING, Optional.empty(), "en"),
        new SessionUpdate.ApprovalChanged("ap-1", "turn-3", "shop_refund", "Refund order 48213 (€42)",
            "{\"order\":\"48213\"}", io.parley.core.bot.ToolApproval.AGENT, AT.plusSeconds(600), "refused",
            Optional.of("not eligible"), "de"),
        new SessionUpdate.FormApprovalChanged(new SessionUpdate.ApprovalChanged("ap-2", "turn-4", "shop_replace_card",
            "Sends a card: Where to?", "{\"card\":\"debit\"}", io.parley.core.bot.ToolApproval.CUSTOMER,
            AT.plusSeconds(600), "approved", Optional.empty(), "en"), new io.parley.core.form.AskedForm("Where to?",
            List.of(new io.parley.core.form.FormField("slot", "Delivery time", Optional.empty(), true,
                io.parley.core.form.FormField.Type.CHOICE, List.of(new io.parley.core.form.FormField.Option("am", "Morning")),
                Optional.of(0.0), Optional.empty(), Optional.empty(), Optional.of(80), Optional.empty()))),
            Optional.of("{\"slot\":\"am\"}")),
        new SessionUpdate.Ended("closed"));
    assertEquals(Set.of(SessionUpdate.class.getPermittedSubclasses()),
        updates.stream().map(Object::getClass).collect(Collectors.toSet()), "a sample of every update");

    for (SessionUpdate update : updates) {
      Serializer serializer = serialization.findSerializerFor(update);
      assertInstanceOf(KryoSerializer.class, serializer, update.getClass().getSimpleName());
      assertEquals(update, roundTrip(update));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSessionReferenceOfJoinedStillReachesTheSession() {
    TestProbe<SessionCommand> session = testKit.createTestProbe();
    SessionUpdate.Joined joined = new SessionUpdate.Joined(session.ref(),
        new SessionInfo("3f2a", "acme", Optional.empty(), Channel.PHONE, SessionStatus.OPEN, 0, AT), List.of(), Optional.empty());

    SessionUpdate.Joined read = (SessionUpdate.Joined) roundTrip(joined);
    ((ActorRef<SessionCommand>) read.incarnation()).tell(new SessionCommand.HoldAnswer("turn-1"));

    session.expectMessage(new SessionCommand.HoldAnswer("turn-1"));
  }

  @Test
  void bytesFromANodeWithOtherTypesOrNamingAnotherClassAreRefused() {
    SessionUpdate.Typing typing = new SessionUpdate.Typing("turn-1", 35);
    byte[] bytes = serialization.serialize(typing).get();
    String manifest = Serializers.manifestFor(serialization.findSerializerFor(typing), typing);

    for (String other : List.of(manifest.replaceFirst("@.*", "@00000000"), SessionUpdate.Typing.class.getName(),
        "java.lang.ProcessBuilder@" + manifest.replaceFirst(".*@", ""))) {
      assertThrows(NotSerializableException.class,
          () -> serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, other).get(), other);
    }
  }

  @Test
  void theFingerprintFollowsTheShapeOfTheTypes() {
    String sessionUpdates = KryoTypes.fingerprint(KryoTypes.reachableFrom(List.of(SessionUpdate.class)));

    assertEquals(sessionUpdates, KryoTypes.fingerprint(KryoTypes.reachableFrom(List.of(SessionUpdate.class))));
    assertNotEquals(KryoTypes.fingerprint(List.of(Original.class)), KryoTypes.fingerprint(List.of(Renamed.class)));
  }

  /** The same components as {@link Renamed} but one name: Kryo would read one as the other. */
  private record Original(String turnId, String text) {}

  private record Renamed(String turnId, String delta) {}

  @Test
  void persistedTypesNeverUseKryo() throws NotSerializableException {
    List<Class<?>> persisted = Stream.of(SessionState.class, SessionEvent.class, Workflow.Event.class)
        .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
        .collect(Collectors.toCollection(ArrayList::new));
    persisted.add(WorkflowState.class);

    persisted.forEach(type -> assertFalse(KryoSerializable.class.isAssignableFrom(type), type.getName()));
    assertFalse(serialization.serializerFor(SessionEvent.UserMessageAppended.class) instanceof KryoSerializer);
  }

  private Object roundTrip(Object value) {
    Serializer serializer = serialization.findSerializerFor(value);
    return serialization.deserialize(serializer.toBinary(value), serializer.identifier(),
        Serializers.manifestFor(serializer, value)).get();
  }
}
