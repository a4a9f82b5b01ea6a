package io.parley.sessions;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The main classes of {@code sessions} for the ArchUnit tests, imported once per test JVM: an import
 * also resolves every class they use from the classpath (Pekko's among them), which takes seconds.
 */
public final class SessionsClasses {
  public static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.parley.sessions");

  private SessionsClasses() {}
}
