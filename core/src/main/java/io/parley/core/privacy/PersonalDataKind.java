package io.parley.core.privacy;

/** The kinds of personal data recognised in text; each has its own placeholder name. */
public enum PersonalDataKind {
  EMAIL,
  PHONE,
  CARD,
  IBAN;

  String placeholder(int n) {
    return "[" + name() + "_" + n + "]";
  }
}
