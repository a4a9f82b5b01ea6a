package io.parley.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of money as the node counts them: whole billionths of the currency's unit (nanos), so
 * that a price of a fraction of a cent a token adds up exactly; written in documents and answers as
 * decimal units.
 */
public final class Money {
  private static final int SCALE = 9;

  private Money() {}

  /** {@code units} of the currency (e.g. 0.006 dollars) in nanos, rounded half up. */
  public static long nanos(BigDecimal units) {
    return units.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  /** {@code nanos} as decimal units, without trailing zeros. */
  public static BigDecimal units(long nanos) {
    BigDecimal units = BigDecimal.valueOf(nanos, SCALE).stripTrailingZeros();
    return units.scale() < 0 ? units.setScale(0) : units;
  }

  /** {@code units} as written (a price, a budget) in nanos: from its shortest decimal form, so 0.1 is exactly a tenth. */
  public static long nanos(double units) {
    return nanos(BigDecimal.valueOf(units));
  }

  /** {@code price} a unit times {@code quantity} ÷ {@code per}, in nanos, rounded half up. */
  static long times(double price, long quantity, long per) {
    return nanos(BigDecimal.valueOf(price).multiply(BigDecimal.valueOf(quantity))
        .divide(BigDecimal.valueOf(per), SCALE, RoundingMode.HALF_UP));
  }
}
