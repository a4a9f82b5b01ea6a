package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.Test;

/** The node's configuration gives its persisted events' mapper the fast reader of their times (the JavaTimeModule, jsr310, before it). */
class PersistedTimesTest {
  @Test
  void theCborMapperReadsInstantsWithIsoInstantModuleRegisteredAfterTheJavaTimeModule() {
    ActorTestKit kit = ActorTestKit.create("persisted-times", ConfigFactory.parseString(
        "pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    try {
      ObjectMapper cbor = JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-cbor", Optional.empty());
      List<Object> modules = new ArrayList<>(cbor.getRegisteredModuleIds());
      int javaTime = indexOf(modules, "jsr310");
      int isoInstant = indexOf(modules, "IsoInstantModule");
      assertTrue(javaTime >= 0 && isoInstant > javaTime, modules.toString());
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static int indexOf(List<Object> modules, String name) {
    for (int i = 0; i < modules.size(); i++) if (String.valueOf(modules.get(i)).contains(name)) return i;
    return -1;
  }
}
