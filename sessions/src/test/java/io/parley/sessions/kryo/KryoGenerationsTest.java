package io.parley.sessions.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.KryoDocument;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.experiment.Arm;
import io.parley.core.experiment.ExperimentArm;
import io.parley.core.handoff.Handoff;
import io.parley.core.release.MemberReleases;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two releases whose Kryo generations differ still exchange session updates: the newer node reads
 * the earlier generation and writes it while a member of the older release is up, each record in
 * its earlier shape; the bot configuration crosses as its document, which tolerates added settings.
 */
class KryoGenerationsTest {
  /** A loaded machine may take more than Pekko's 5 s to start the logger. */
  private static final Config PATIENT_LOGGER =
      ConfigFactory.parseString("pekko.logger-startup-timeout = 30s").withFallback(ConfigFactory.load());
  @RegisterExtension
  static final ClassResource<ActorSystem<Void>> systems = ClassResource.of(
      () -> ActorSystem.create(Behaviors.empty(), "kryo-generations", PATIENT_LOGGER), ActorSystem::terminate);
  private final ActorSystem<Void> system = systems.get();
  private final ExtendedActorSystem classic = (ExtendedActorSystem) system.classicSystem();

  /** A record as the earlier release had it. */
  record Settings(String zone, int count, Optional<String> label) {}

  record Holder(Settings settings) {}

  /** The same record in this release: it gained components, between and after the old ones. */
  record SettingsNow(String zone, Optional<String> added, int count, List<String> more, Optional<String> label) {}

  record HolderNow(SettingsNow settings) {}

  private static final String EARLIER = """
      25 io.parley.sessions.kryo.KryoGenerationsTest$Holder settings:io.parley.sessions.kryo.KryoGenerationsTest$Settings
      26 io.parley.sessions.kryo.KryoGenerationsTest$Settings zone:java.lang.String count:int label:java.util.Optional<java.lang.String>
      """;

  @Test
  void aRecordThatGainedComponentsIsWrittenAndReadInItsEarlierShape() {
    KryoRegistry olderRelease = registry(EARLIER);
    KryoCodec older = new KryoCodec(classic, List.of(Holder.class), olderRelease);
    // This release's earlier generation: the same ids, shapes and generation, named by this release's classes.
    KryoCodec earlier = KryoCodec.earlierGeneration(classic, KryoRegistry.parse("generation "
        + olderRelease.generation() + " through 26\n" + EARLIER
        .replace("$Holder settings:io.parley.sessions.kryo.KryoGenerationsTest$Settings",
            "$HolderNow settings:io.parley.sessions.kryo.KryoGenerationsTest$SettingsNow")
        .replace("$Settings zone", "$SettingsNow zone")));

    HolderNow now = new HolderNow(new SettingsNow("eu", Optional.of("new"), 3, List.of("x"), Optional.of("blue")));
    assertEquals(new Holder(new Settings("eu", 3, Optional.of("blue"))), older.fromBinary(earlier.toBinary(now), Holder.class));
    assertEquals(new HolderNow(new SettingsNow("eu", Optional.empty(), 3, List.of(), Optional.of("blue"))),
        earlier.fromBinary(older.toBinary(new Holder(new Settings("eu", 3, Optional.of("blue")))), HolderNow.class),
        "what the older release did not have reads as absent");
    assertEquals(older.fingerprint(), earlier.fingerprint(), "the older release's manifests");
  }

  @Test
  void theBotConfigurationCrossesAsADocumentThatToleratesAddedSettings() throws Exception {
    assertTrue(PinnedBotConfig.class.isAnnotationPresent(KryoDocument.class));
    assertEquals(KryoTypes.DOCUMENT, KryoTypes.shape(PinnedBotConfig.class), "its settings are no part of Kryo's shapes");
    ObjectMapper mapper = JacksonObjectMapperProvider.get(classic).getOrCreate("jackson-cbor", Optional.of(new CBORFactory()));
    DocumentSerializer documents = new DocumentSerializer(mapper);
    com.esotericsoftware.kryo.Kryo kryo = new com.esotericsoftware.kryo.Kryo();
    com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
    // A later release's configuration: a setting this one does not know.
    Map<String, Object> later = Map.of("version", 4, "config", Map.of("assistantName", "Ava", "settingOfNextRelease", 7));
    byte[] document = mapper.writeValueAsBytes(later);
    out.writeVarInt(document.length, true);
    out.writeBytes(document);

    Object read = documents.read(kryo, new com.esotericsoftware.kryo.io.Input(out.toBytes()), PinnedBotConfig.class);
    assertEquals(new PinnedBotConfig(4, new BotConfig(Optional.of("Ava"), Optional.empty(), Optional.empty())), read);
  }

  @Test
  void whileAMemberOfAnOlderReleaseIsUpUpdatesGoOutInTheEarlierGeneration() throws NotSerializableException {
    AtomicReference<MemberReleases> members = new AtomicReference<>(MemberReleases.of(List.of("1", "0.1.0-SNAPSHOT")));
    KryoSerializer serializer = new KryoSerializer(classic, KryoRegistry.committed(), KryoRegistry.earlier(), members::get);
    BotConfig config = mapperConfig("{\"assistantName\":\"Ava\",\"vision\":true,\"attachmentTypes\":[\"image/png\"]}");
    SessionUpdate.Joined joined = joined(new PinnedBotConfig(3, config, false, Optional.of(new ExperimentArm(2, Arm.LIVE))));

    String manifest = serializer.manifest(joined);
    byte[] bytes = serializer.toBinary(joined);
    assertTrue(manifest.endsWith("@" + KryoRegistry.earlier().generation()), manifest);
    SessionUpdate.Joined read = (SessionUpdate.Joined) serializer.fromBinary(bytes, manifest);
    PinnedBotConfig pinned = read.info().botConfig().orElseThrow();
    assertEquals(Optional.of("Ava"), pinned.config().assistantName());
    assertFalse(pinned.config().seesImages(), "a setting the older release lacks is left out");
    assertEquals(Optional.empty(), pinned.experiment());

    members.set(MemberReleases.of(List.of("1", "1")));
    SessionUpdate.Joined again = joined(new PinnedBotConfig(3, config, false, Optional.of(new ExperimentArm(2, Arm.LIVE))));
    String currentManifest = serializer.manifest(again);
    assertTrue(currentManifest.endsWith("@" + KryoRegistry.committed().generation()), currentManifest);
    SessionUpdate.Joined readAgain = (SessionUpdate.Joined) serializer.fromBinary(serializer.toBinary(again), currentManifest);
    assertEquals(again.info(), readAgain.info(), "every setting, as a document");
  }

  private SessionUpdate.Joined joined(PinnedBotConfig pinned) {
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    SessionInfo info = new SessionInfo("s-1", "acme", Optional.empty(), Channel.CHAT, SessionStatus.OPEN, 1, at,
        Handoff.bot(), Optional.of(pinned), 0, Optional.empty());
    return new SessionUpdate.Joined(system.ignoreRef(), info, List.of(new ChatMessage(1, Role.USER, "hi", "t-1", at)),
        Optional.empty());
  }

  private BotConfig mapperConfig(String json) {
    try {
      return JacksonObjectMapperProvider.get(classic).getOrCreate("jackson-json", Optional.empty()).readValue(json, BotConfig.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KryoRegistry registry(String lines) {
    String generation = KryoRegistry.parse("generation 0 through 26\n" + lines).fingerprintOfGeneration();
    return KryoRegistry.parse("generation " + generation + " through 26\n" + lines);
  }
}
