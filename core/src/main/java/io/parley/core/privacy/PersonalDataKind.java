package io.parley.core.privacy;

/**
 * The built-in kinds of personal data recognised in text; each has its own placeholder name.
 * {@code SSN} is a US Social Security number, {@code NINO} a UK National Insurance number: both
 * have a structure strict enough (invalid areas and prefixes) to tell them from order numbers.
 */
public enum PersonalDataKind {
  EMAIL,
  PHONE,
  CARD,
  IBAN,
  SSN,
  NINO
}
