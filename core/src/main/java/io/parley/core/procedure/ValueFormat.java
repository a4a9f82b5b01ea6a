package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.NumberFormat;
import com.ibm.icu.util.Currency;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import io.parley.core.language.LanguageTag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a procedure's text shows a variable's value to a customer: as the conversation's language
 * writes it, by ICU (an amount with its currency's symbol and decimals, {@code 38,70 €} in German
 * for {@code 38.7} and {@code EUR}; a number with the language's decimal mark; a date,
 * {@code 2026-12-03}, in words), or, without a language ({@link #AS_STORED}), as the value is
 * stored. A plain number is written without grouping: an order number {@code 1042} stays one.
 */
public final class ValueFormat {
  /** The values as they are: strings as written, anything else as JSON. */
  public static final ValueFormat AS_STORED = new ValueFormat(Optional.empty());
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  private final Optional<ULocale> locale;
  /**
   * The language's formats, made where the format is asked for: ICU loads a language's data on its
   * first use, which a procedure's step, decided within its time budget, must not wait for.
   */
  private final Optional<Formats> formats;

  private record Formats(NumberFormat number, NumberFormat money, DateFormat date) {}

  private ValueFormat(Optional<ULocale> locale) {
    this.locale = locale;
    this.formats = locale.map(at -> new Formats(NumberFormat.getInstance(at), NumberFormat.getCurrencyInstance(at),
        DateFormat.getDateInstance(DateFormat.LONG, at)));
  }

  /** The values as {@code language} writes them. */
  public static ValueFormat in(LanguageTag language) {
    return new ValueFormat(Optional.of(ULocale.forLanguageTag(language.tag())));
  }

  /** {@code in(language)} for a conversation with a language, {@link #AS_STORED} for one without. */
  public static ValueFormat in(Optional<LanguageTag> language) {
    return language.map(ValueFormat::in).orElse(AS_STORED);
  }

  /** {@code value} as the customer reads it; nothing for no value. */
  public String shown(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) return "";
    if (locale.isPresent() && value.isNumber()) {
      NumberFormat number = (NumberFormat) formats.orElseThrow().number().clone();
      number.setGroupingUsed(false);
      number.setMaximumFractionDigits(value.decimalValue().scale() < 0 ? 0 : value.decimalValue().scale());
      return number.format(value.decimalValue());
    }
    if (locale.isPresent() && value.isTextual() && DATE.matcher(value.asText()).matches()) {
      Optional<String> date = date(value.asText());
      if (date.isPresent()) return date.get();
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /**
   * {@code amount} in the currency {@code code} (ISO 4217: {@code EUR}) as the customer reads it;
   * empty without a language, for a value that is no number or a code no currency has.
   */
  public Optional<String> amount(JsonNode amount, String code) {
    if (locale.isEmpty() || !amount.isNumber() || !CURRENCY_CODE.matcher(code).matches()
        || !Currency.isAvailable(code, null, null)) {
      return Optional.empty();
    }
    NumberFormat money = (NumberFormat) formats.orElseThrow().money().clone();
    money.setCurrency(Currency.getInstance(code));
    return Optional.of(money.format(amount.decimalValue()));
  }

  private Optional<String> date(String text) {
    try {
      LocalDate day = LocalDate.parse(text);
      DateFormat format = (DateFormat) formats.orElseThrow().date().clone();
      // The date is a day, not an instant: written in the zone it was turned into an instant in.
      format.setTimeZone(TimeZone.GMT_ZONE);
      return Optional.of(format.format(Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant())));
    } catch (DateTimeParseException notADay) {
      return Optional.empty();
    }
  }
}
