package io.parley.voice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code voice} depend one way: the audio and RTP media ({@code voice.media}) know
 * nothing of speech engines or calls, the engines' ports ({@code voice.speech}) only the media, the
 * engines ({@code voice.local}, {@code voice.premium}) only the ports and the media, and the call
 * ({@code io.parley.voice}) nothing of the phone bridge ({@code voice.phone}) built on it.
 */
class PackageDependenciesTest {
  private static final String VOICE = "io.parley.voice";
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(VOICE);

  @Test
  void theMediaKnowNothingElseOfVoice() {
    noClasses().that().resideInAPackage(VOICE + ".media..")
        .should().dependOnClassesThat().resideInAnyPackage(VOICE, VOICE + ".speech..", VOICE + ".local..",
            VOICE + ".premium..", VOICE + ".phone..")
        .because("codecs, RTP and turn detection are pure audio, whoever hears or speaks it")
        .check(MAIN);
  }

  @Test
  void theEnginesPortsUseOnlyTheMedia() {
    noClasses().that().resideInAPackage(VOICE + ".speech..")
        .should().dependOnClassesThat().resideInAnyPackage(VOICE, VOICE + ".local..", VOICE + ".premium..",
            VOICE + ".phone..")
        .because("every engine and every call speaks to engines through them")
        .check(MAIN);
  }

  @Test
  void theEnginesKnowNoCall() {
    noClasses().that().resideInAnyPackage(VOICE + ".local..", VOICE + ".premium..")
        .should().dependOnClassesThat().resideInAnyPackage(VOICE, VOICE + ".phone..")
        .because("an engine serves every call of the node through the ports")
        .check(MAIN);
  }

  @Test
  void theCallKnowsNothingOfThePhoneBridge() {
    noClasses().that().resideInAPackage(VOICE)
        .should().dependOnClassesThat().resideInAPackage(VOICE + ".phone..")
        .because("a browser's call and a phone call are the same call; the bridge feeds it")
        .check(MAIN);
  }
}
