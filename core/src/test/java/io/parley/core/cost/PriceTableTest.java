package io.parley.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  private static final PriceTable NODE = new PriceTable("USD",
      Map.of("openai", 0.006, PriceTable.DEFAULT, 0.0),
      Map.of("elevenlabs", 0.00018),
      Map.of("openai", new PriceTable.TokenPrice(0.00000015, 0.0000006)),
      Optional.of(new PriceTable.TrunkPrice(0.0085, 0.013)));

  @Test
  void eachKindIsPricedByItsUnit() {
    // 90 s of audio at 0.006 a minute
    assertEquals(9_000_000L, NODE.cost(new Spend.Transcribed("openai", 90_000)));
    // 1,000 characters at 0.00018
    assertEquals(180_000_000L, NODE.cost(new Spend.Spoken("elevenlabs", 1_000)));
    // 2,000 tokens read at 0.15 a million, 500 written at 0.60 a million
    assertEquals(300_000L + 300_000L, NODE.cost(new Spend.Answered("openai", 2_000, 500)));
    // two minutes in, two minutes out
    assertEquals(17_000_000L, NODE.cost(new Spend.Connected(Spend.Direction.INBOUND, 120)));
    assertEquals(26_000_000L, NODE.cost(new Spend.Connected(Spend.Direction.OUTBOUND, 120)));
  }

  @Test
  void anEngineWithoutAPriceCostsTheDefaultOrNothing() {
    assertEquals(0, NODE.cost(new Spend.Transcribed("vosk", 60_000)));
    assertEquals(0, NODE.cost(new Spend.Spoken("freetts", 500)));
    assertEquals(0, NODE.cost(new Spend.Answered("ollama", 1_000, 1_000)));
    PriceTable withDefault = new PriceTable("USD", Map.of(), Map.of(PriceTable.DEFAULT, 0.001),
        Map.of(), Optional.empty());
    assertEquals(500_000_000L, withDefault.cost(new Spend.Spoken("any", 500)));
    assertEquals(0, withDefault.cost(new Spend.Connected(Spend.Direction.OUTBOUND, 600)));
  }

  @Test
  void aTenantsPricesReplaceTheNodesInTheSameCurrencyOnly() {
    PriceTable own = new PriceTable("USD", Map.of(), Map.of("elevenlabs", 0.0001), Map.of(),
        Optional.empty());
    PriceTable paid = own.over(NODE);
    assertEquals(100_000_000L, paid.cost(new Spend.Spoken("elevenlabs", 1_000)));
    assertEquals(9_000_000L, paid.cost(new Spend.Transcribed("openai", 90_000)), "the node's price where the tenant sets none");
    assertEquals(26_000_000L, paid.cost(new Spend.Connected(Spend.Direction.OUTBOUND, 120)));

    PriceTable euros = new PriceTable("EUR", Map.of(), Map.of(), Map.of(), Optional.empty());
    assertEquals(euros, euros.over(NODE), "no price converts between currencies");
    assertEquals(0, euros.over(NODE).cost(new Spend.Transcribed("openai", 90_000)));
  }

  @Test
  void aChainOfEnginesIsPricedAtItsFirst() {
    assertEquals("elevenlabs", PriceTable.firstEngine("elevenlabs>freetts"));
    assertEquals("primary", PriceTable.firstEngine("primary>backup>local"));
    assertEquals("vosk", PriceTable.firstEngine("vosk"));
  }

  @Test
  void pricesAreCheckedAndAmountsConverted() {
    assertThrows(IllegalArgumentException.class, () -> PriceTable.free("dollars"));
    assertThrows(IllegalArgumentException.class, () -> new PriceTable("USD", Map.of("x", -1.0), Map.of(),
        Map.of(), Optional.empty()));
    assertEquals(1_500_000_000L, Money.nanos(1.5));
    assertEquals(new BigDecimal("0.000000002"), Money.units(2));
    assertEquals(new BigDecimal("3"), Money.units(3_000_000_000L));
  }
}
