package io.parley.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  @Test
  void readsEveryInstantAsInstantParseDoesInTheFormJacksonWritesThem() throws Exception {
    ObjectMapper written = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      // From 1970 to 9999, with 0, 3, 6 or 9 digits of fraction as Instant.toString gives them.
      Instant instant = Instant.ofEpochSecond(random.nextLong(253_402_300_800L),
          List.of(0, 123_000_000, 123_456_000, 123_456_789, random.nextInt(1_000_000_000)).get(random.nextInt(5)));
      String text = written.writeValueAsString(instant).replace("\"", "");
      assertEquals(Optional.of(instant), IsoInstant.parse(text), text);
    }
  }

  @Test
  void readsAnyNumberOfFractionDigits() {
    for (String text : List.of("2026-11-26T02:12:59Z", "2026-11-26T02:12:59.1Z", "2026-11-26T02:12:59.12Z",
        "2026-11-26T02:12:59.1234Z", "2026-11-26T02:12:59.12345678Z", "2026-11-26T02:12:59.000000001Z",
        "2024-02-29T23:59:59.999999999Z", "0001-01-01T00:00:00Z")) {
      assertEquals(Optional.of(Instant.parse(text)), IsoInstant.parse(text), text);
    }
  }

  @Test
  void leavesEveryOtherFormToTheFormatter() {
    for (String text : List.of("", "2026-11-26", "2026-11-26T02:12:59", "2026-11-26T02:12:59+01:00",
        "2026-11-26T02:12:59.Z", "2026-11-26T02:12:59.1234567890Z", "2026-11-26 02:12:59Z", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-26T24:00:00Z",
        "2026-11-26T23:60:00Z", "2026-11-26T23:59:60Z", "+12026-11-26T02:12:59Z", "2026-1a-26T02:12:59Z",
        "2026-11-26T02:12:59.12a4Z", "1703001234")) {
      assertEquals(Optional.empty(), IsoInstant.parse(text), text);
    }
  }

  @Test
  void theModuleReadsTheFastFormAndLeavesTheRestToTheJavaTimeModule() throws Exception {
    ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule());
    ObjectMapper fast = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new IsoInstantModule());
    for (String json : List.of("\"2026-11-26T02:12:59.123456Z\"", "\"2026-11-26T03:12:59.123+01:00\"",
        "1764123179.123456789", "1764123179123", "\"2026-11-26T02:12:59Z\"")) {
      assertEquals(standard.readValue(json, Instant.class), fast.readValue(json, Instant.class), json);
    }
  }
}
