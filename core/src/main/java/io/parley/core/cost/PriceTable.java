package io.parley.core.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the engines a call or conversation uses cost, in {@code currency} (docs/operations.md#what-calls-cost):
 * speech-to-text a minute and text-to-speech a character, by the engine's name; the model a token
 * read and written, by provider; the trunk a minute, inbound and outbound. An engine without a price
 * of its own costs the kind's {@value #DEFAULT} price, and nothing without one. Prices are kept as
 * written (decimal numbers) and computed exactly, from their shortest decimal form ({@link Money}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PriceTable(String currency, Map<String, Double> speechToText, Map<String, Double> textToSpeech,
    Map<String, TokenPrice> model, Optional<TrunkPrice> trunk) {
  /** The name of a kind's price for every engine that has none of its own. */
  public static final String DEFAULT = "default";

  /** A provider's price of a token it reads ({@code input}) and writes ({@code output}). */
  public record TokenPrice(double input, double output) {
    public TokenPrice {
      nonNegative(input, "input");
      nonNegative(output, "output");
    }
  }

  /** A trunk's price of a minute of a call the caller placed ({@code inbound}) and one the node placed ({@code outbound}). */
  public record TrunkPrice(double inbound, double outbound) {
    public TrunkPrice {
      nonNegative(inbound, "inbound");
      nonNegative(outbound, "outbound");
    }
  }

  public PriceTable {
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code such as USD, not " + currency);
    }
    speechToText = checked(speechToText, "speechToText");
    textToSpeech = checked(textToSpeech, "textToSpeech");
    model = model == null ? Map.of() : Map.copyOf(model);
    trunk = trunk == null ? Optional.empty() : trunk;
  }

  /**
   * The engine a chain of engines is priced at: its first, in a chain named {@code <first>><second>}
   * (a premium voice with its local stand-in, the model providers in their order); a single engine's own name.
   */
  public static String firstEngine(String chain) {
    int arrow = chain.indexOf('>');
    return arrow < 0 ? chain : chain.substring(0, arrow);
  }

  /** A table with no prices: everything is free. */
  public static PriceTable free(String currency) {
    return new PriceTable(currency, Map.of(), Map.of(), Map.of(), Optional.empty());
  }

  /**
   * This (a tenant's) table over the node's: each price it sets replaces the node's, the others are
   * the node's; in another currency than the node's it stands alone, since no price converts.
   */
  public PriceTable over(PriceTable node) {
    if (!currency.equals(node.currency())) return this;
    return new PriceTable(currency, merged(node.speechToText(), speechToText), merged(node.textToSpeech(), textToSpeech),
        merged(node.model(), model), trunk.or(node::trunk));
  }

  /** What {@code spend} costs, in nanos of the currency. */
  public long cost(Spend spend) {
    return switch (spend) {
      case Spend.Transcribed heard -> Money.times(priced(speechToText, heard.engine()), heard.millis(), 60_000);
      case Spend.Spoken spoken -> Money.times(priced(textToSpeech, spoken.engine()), spoken.characters(), 1);
      case Spend.Answered answered -> {
        TokenPrice price = Optional.ofNullable(model.get(answered.engine())).or(() -> Optional.ofNullable(model.get(DEFAULT)))
            .orElse(new TokenPrice(0, 0));
        yield Money.times(price.input(), answered.inputTokens(), 1) + Money.times(price.output(), answered.outputTokens(), 1);
      }
      case Spend.Connected connected -> {
        double perMinute = trunk.map(price -> connected.direction() == Spend.Direction.INBOUND ? price.inbound()
            : price.outbound()).orElse(0.0);
        yield Money.times(perMinute, connected.seconds(), 60);
      }
    };
  }

  private static double priced(Map<String, Double> prices, String engine) {
    return Optional.ofNullable(prices.get(engine)).or(() -> Optional.ofNullable(prices.get(DEFAULT))).orElse(0.0);
  }

  private static <V> Map<String, V> merged(Map<String, V> node, Map<String, V> own) {
    Map<String, V> merged = new HashMap<>(node);
    merged.putAll(own);
    return Map.copyOf(merged);
  }

  private static Map<String, Double> checked(Map<String, Double> prices, String what) {
    if (prices == null) return Map.of();
    prices.forEach((engine, price) -> nonNegative(price, what + "." + engine));
    return Map.copyOf(prices);
  }

  private static void nonNegative(Double price, String what) {
    if (price == null || !(price >= 0) || price.isInfinite()) {
      throw new IllegalArgumentException(what + " must be a price of 0 or more");
    }
  }
}
