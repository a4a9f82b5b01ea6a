package io.parley.core.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.handoff.HandoffRules;
import io.parley.core.handoff.SupportHours;
import io.parley.core.lead.LeadSettings;
import io.parley.core.lead.LeadSignal;
import io.parley.core.compute.TenantRegex;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.RedactionPolicy;
import java.time.Duration;
import io.parley.core.language.LanguageTag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import io.parley.core.language.WidgetTexts;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BotConfigDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KNOWN = "answerCache, answerCacheMaxEntries, answerCacheTtlMinutes, approvalTimeout, assistantName,"
      + " attachmentTypes, companyName, costs, evaluationGate, greeting, greetingOptions, handoffRules, httpTools, injectionGuard, instructions, keepArchiveUnredacted, leadThreshold,"
      + " leadWeights, limits, mcpServers, model, phoneNumbers, phoneTransferTarget, premiumVoiceBudget, procedures, qualityDailyTokens, qualitySampleRate, redactKinds, redactPatterns,"
      + " suggestReplies, supportHours, texts, toolsEnabled, translateAgentReplies, vision, voice,"
      + " webhookEvents, webhookUrl, widget";
  // A node whose system prompt and room for the conversation take 1,500 tokens, before the answer.
  private static final NodeLimits LIMITS =
      new NodeLimits(16_000, 500_000, 20, 30_000, config -> 1_500 + config.modelParameters().maxTokens(1024));
  private static final BotConfigDocument.Node NODE = new BotConfigDocument.Node(
      Set.of("kb_search", "create_ticket", "order_status"), 1024, Set.of("primary", "backup"), LIMITS);

  private static BotConfigDocument.Read read(JsonNode document) {
    return BotConfigDocument.read(document, NODE);
  }

  @Test
  void theBotIsNamedAsTheTenantWordsItInTheConversationsLanguage() throws Exception {
    BotConfig config = valid("{\"assistantName\": \"Ava\", \"texts\": {\"de\": {\"name\": \"Eva\"}}}");
    assertEquals(Optional.of("Eva"), config.assistantName(LanguageTag.parse("de-AT")));
    assertEquals(Optional.of("Ava"), config.assistantName(LanguageTag.parse("es")));
    assertEquals(Optional.of("Ava"), config.assistantName(Optional.empty()));
  }

  @Test
  void theTenantChoosesWhichOfTheNodesToolsItsBotUses() throws Exception {
    BotConfig config = valid("{\"toolsEnabled\": [\"kb_search\", \"order_status\"]}");
    assertEquals(Optional.of(List.of("kb_search", "order_status")), config.toolsEnabled());
    assertTrue(config.toolEnabled("kb_search"));
    assertFalse(config.toolEnabled("create_ticket"));
    assertTrue(BotConfig.empty().toolEnabled("create_ticket"), "every tool of the node when the tenant names none");
    assertFalse(valid("{\"toolsEnabled\": []}").toolEnabled("kb_search"));
  }

  @Test
  void theSupportHoursAreAZoneAndAWeekOfOpeningsEachProblemNamingItsEntry() throws Exception {
    BotConfig config = valid("{\"supportHours\": {\"timeZone\": \"Europe/Berlin\","
        + " \"weekly\": {\"friday\": [\"09:00-15:00\"], \"monday\": [\"09:00-12:30\", \"13:30-17:00\"]}}}");
    assertEquals(Optional.of(new SupportHours("Europe/Berlin", Map.of("monday", List.of("09:00-12:30", "13:30-17:00"),
        "friday", List.of("09:00-15:00")))), config.supportHours());
    assertEquals(List.of("monday", "friday"), List.copyOf(config.supportHours().orElseThrow().weekly().keySet()), "Monday first");
    assertEquals(Optional.empty(), valid("{}").supportHours());

    assertEquals(List.of("supportHours.timeZone: \"Berlin\" is not an IANA time zone, such as \"Europe/Berlin\"",
        "supportHours.weekly.monday[1]: \"10:00-11:00\" overlaps \"09:00-17:00\"",
        "supportHours.weekly.friday[0]: \"15:00-09:00\" ends before it starts: a range past midnight is two, the second on"
            + " the next day"),
        problems("{\"supportHours\": {\"timeZone\": \"Berlin\", \"weekly\": {\"monday\": [\"09:00-17:00\", \"10:00-11:00\"],"
            + " \"friday\": [\"15:00-09:00\"]}}}"));
    assertEquals(List.of("supportHours.timeZone: an IANA time zone, such as \"Europe/Berlin\"",
        "supportHours.weekly.monday: a list of at most 12 time ranges, such as [\"09:00-12:30\", \"13:30-17:00\"]"),
        problems("{\"supportHours\": {\"weekly\": {\"monday\": \"09:00-17:00\"}}}"));
    assertEquals(List.of("supportHours.hours: not a setting (known: timeZone, weekly)",
        "supportHours.weekly: an object of days, such as {\"monday\": [\"09:00-17:00\"]}"),
        problems("{\"supportHours\": {\"timeZone\": \"UTC\", \"hours\": \"9-5\"}}"));
  }

  @Test
  void theEvaluationGateAsksForAShareOfCasesPassed() throws Exception {
    assertEquals(Optional.of(new EvaluationGate(0.9)), valid("{\"evaluationGate\": {\"minPassRate\": 0.9}}").evaluationGate());
    assertEquals(Optional.empty(), valid("{}").evaluationGate());
    assertEquals(List.of("evaluationGate.minPassRate: a number from 0 to 1, the share of cases the draft's latest run must pass"),
        problems("{\"evaluationGate\": {\"minPassRate\": 1.5}}"));
    assertEquals(List.of("evaluationGate.level: not a setting (known: minPassRate)",
        "evaluationGate.minPassRate: a number from 0 to 1, the share of cases the draft's latest run must pass"),
        problems("{\"evaluationGate\": {\"level\": 1}}"));
  }

  @Test
  void theScoringOfClosedConversationsTakesAShareAndADailyTokenCap() throws Exception {
    BotConfig config = valid("{\"qualitySampleRate\": 0.25, \"qualityDailyTokens\": 50000}");
    assertEquals(Optional.of(0.25), config.qualitySampleRate());
    assertEquals(0.25, config.qualitySample());
    assertEquals(Optional.of(50_000), config.qualityDailyTokens());
    assertEquals(1.0, valid("{}").qualitySample(), "every closed conversation unless set");
    assertEquals(List.of("qualitySampleRate: must be a number from 0 to 1",
        "qualityDailyTokens: must be a whole number from 1 to " + NestedSettings.MAX_TOKENS_PER_DAY),
        problems("{\"qualitySampleRate\": -0.1, \"qualityDailyTokens\": 0}"));
  }

  @Test
  void everyProblemOfTheToolsEnabledIsListed() throws Exception {
    assertEquals(List.of(
        "toolsEnabled[0]: no tool is named \"kb.search\" (known: create_ticket, kb_search, order_status)",
        "toolsEnabled[1]: must be a tool's name",
        "toolsEnabled[3]: \"kb_search\" is named twice"),
        problems("{\"toolsEnabled\": [\"kb.search\", 7, \"kb_search\", \"kb_search\"]}"));
    assertEquals(new BotConfigDocument.Read.Invalid(List.of(
        "toolsEnabled: must be a list of tool names (this node has no tools)")),
        BotConfigDocument.read(JSON.readTree("{\"toolsEnabled\": \"kb_search\"}"), new BotConfigDocument.Node(Set.of(), 1024, Set.of(), LIMITS)));
  }

  @Test
  void theModelsParametersAreTheTenantsWithinTheNodesBounds() throws Exception {
    ModelParameters model = valid("{\"model\": {\"temperature\": 0.2, \"maxTokens\": 300}}").modelParameters();
    assertEquals(0.2, model.temperature(0.7));
    assertEquals(300, model.maxTokens(1024));
    assertEquals(200, model.maxTokens(200), "a node that lowered its maximum since still bounds it");
    assertEquals(0.7, BotConfig.empty().modelParameters().temperature(0.7));
    assertEquals(1024, BotConfig.empty().modelParameters().maxTokens(1024));
    ModelParameters onlyTemperature = valid("{\"model\": {\"temperature\": 0}}").modelParameters();
    assertEquals(0.0, onlyTemperature.temperature(0.7));
    assertEquals(1024, onlyTemperature.maxTokens(1024));
    assertEquals(List.of(), onlyTemperature.providers(), "the node's providers in the node's order");
    assertEquals(List.of("backup", "primary"),
        valid("{\"model\": {\"providers\": [\"backup\", \"primary\"]}}").modelParameters().providers());
  }

  @Test
  void everyProblemOfTheModelsParametersIsListed() throws Exception {
    assertEquals(List.of(
        "model.provider: not a setting (known: maxTokens, providers, temperature)",
        "model.temperature: must be a number from 0 to 2",
        "model.maxTokens: must be a whole number from 1 to 1024"),
        problems("{\"model\": {\"provider\": \"x\", \"temperature\": 2.5, \"maxTokens\": 4096}}"));
    assertEquals(List.of("model.temperature: must be a number from 0 to 2"), problems("{\"model\": {\"temperature\": \"warm\"}}"));
    assertEquals(List.of("model: must be an object"), problems("{\"model\": 0.3}"));
    assertEquals(List.of(
        "model.providers[0]: no provider is named \"openai\" (known: backup, primary)",
        "model.providers[2]: \"backup\" is named twice"),
        problems("{\"model\": {\"providers\": [\"openai\", \"backup\", \"backup\"]}}"));
    assertEquals(List.of("model.providers: at least one (leave it out to use the node's order)"),
        problems("{\"model\": {\"providers\": []}}"));
  }

  @Test
  void theWebhookUrlIsHttpsOrPlainHttpOnThisMachine() throws Exception {
    assertEquals(Optional.of("https://hooks.example.com/parley?team=sales"),
        valid("{\"webhookUrl\": \"https://hooks.example.com/parley?team=sales\"}").webhookUrl());
    assertEquals(Optional.of("http://127.0.0.1:8099/hook"), valid("{\"webhookUrl\": \"http://127.0.0.1:8099/hook\"}").webhookUrl());
    assertEquals(Optional.empty(), BotConfig.empty().webhookUrl());
    // This machine as a browser reads the host: a number or a trailing dot is still this machine.
    for (String local : List.of("http://2130706433:8099/hook", "http://localhost.:8099/hook", "http://[0:0:0:0:0:0:0:1]:8099/")) {
      assertEquals(Optional.of(local), valid("{\"webhookUrl\": \"" + local + "\"}").webhookUrl(), local);
    }
    assertEquals(Optional.of("https://0x7f.1/hook"), valid("{\"webhookUrl\": \"https://0x7f.1/hook\"}").webhookUrl(),
        "a host a browser takes is a URL; the outbound policy decides whether it is reached");
    String expected = "webhookUrl: must be " + WebhookAddress.EXPECTED;
    for (String refused : List.of("http://hooks.example.com/parley", "ftp://hooks.example.com/x", "https:///no-host",
        "https://user:pw@hooks.example.com/x", "hooks.example.com/parley", "https://hooks.example.com/a b",
        "http://127.0.0.2/hook", "http://localhost.example.com/hook", "https://1.2.3.4.5/hook")) {
      assertEquals(List.of(expected), problems("{\"webhookUrl\": \"" + refused + "\"}"), refused);
    }
    assertEquals(List.of("webhookUrl: must be a string"), problems("{\"webhookUrl\": 1}"));
  }

  private static BotConfig valid(String document) throws Exception {
    return ((BotConfigDocument.Read.Valid) read(JSON.readTree(document))).config();
  }

  private static List<String> problems(String document) throws Exception {
    return ((BotConfigDocument.Read.Invalid) read(JSON.readTree(document))).problems();
  }

  @Test
  void aValidDocumentSetsWhatItNamesAndLeavesTheRestToTheNode() throws Exception {
    BotConfigDocument.Read read = read(JSON.readTree(
        "{\"assistantName\": \" Ava \", \"instructions\": \"We are open 9-17 CET.\\nOffer free returns.\"}"));
    assertEquals(new BotConfigDocument.Read.Valid(new BotConfig(Optional.of("Ava"), Optional.empty(),
        Optional.of("We are open 9-17 CET.\nOffer free returns."))), read);
  }

  @Test
  void attachmentTypesAreMediaTypesParleySupports() throws Exception {
    BotConfigDocument.Read read = read(JSON.readTree("{\"attachmentTypes\": [\"image/png\", \"Application/PDF\"], \"vision\": true}"));
    BotConfig config = ((BotConfigDocument.Read.Valid) read).config();
    assertEquals(java.util.Set.of(io.parley.core.attachment.AttachmentType.PNG, io.parley.core.attachment.AttachmentType.PDF),
        config.allowedAttachments());
    assertEquals(true, config.seesImages());
    BotConfigDocument.Read refused = read(JSON.readTree("{\"attachmentTypes\": [\"application/x-msdownload\"]}"));
    assertEquals(true, refused.toString().contains("attachmentTypes: must be a list of image/jpeg"), refused.toString());
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    BotConfigDocument.Read read = read(JSON.readTree(
        "{\"assistantName\": \"A\\nB\", \"companyName\": 42, \"instructions\": \"\", \"avatar\": \"x\","
            + " \"tone\": \"{{company_name}}\"}"));
    assertEquals(new BotConfigDocument.Read.Invalid(List.of(
        "avatar: not a setting (known: " + KNOWN + ")",
        "tone: not a setting (known: " + KNOWN + ")",
        "assistantName: one line only",
        "companyName: must be a string",
        "instructions: must not be empty (leave it out to use the node's setting)")), read);
    assertEquals(List.of("the configuration must be a JSON object"), problems("[1]"));
  }

  @Test
  void theWidgetsAppearanceIsReadAndEachProblemNamesItsField() throws Exception {
    BotConfig config = valid("{\"assistantName\": \"Ava\", \"widget\": {\"avatarUrl\": \"https://cdn.acme.example/ava.png\","
        + " \"accentColor\": \"#0A84ff\", \"position\": \"bottom-left\", \"greeting\": \"Hi! Ask me anything.\","
        + " \"launcherText\": \"Chat with us\", \"language\": \"pt-BR\", \"theme\": \"dark\", \"sound\": true}}");
    assertEquals(new WidgetAppearance(Optional.of("Ava"), Optional.of("https://cdn.acme.example/ava.png"),
        Optional.of("#0A84ff"), Optional.of(WidgetAppearance.Position.BOTTOM_LEFT), Optional.of("Hi! Ask me anything."),
        Optional.of("Chat with us"), Optional.of("pt-BR"), Optional.of(WidgetAppearance.Theme.DARK), Optional.of(true),
        Optional.empty()),
        config.widgetAppearance(), "named after the assistant");
    assertEquals(Optional.of("Max"), valid("{\"assistantName\": \"Ava\", \"widget\": {\"name\": \"Max\"}}")
        .widgetAppearance().name());
    assertEquals(WidgetAppearance.none(), BotConfig.empty().widgetAppearance());

    assertEquals(List.of(
        "widget.shape: not a setting (known: accentColor, avatarUrl, greeting, language, launcherText, name, position, sound, texts, theme)",
        "widget.name: one line only",
        "widget.avatarUrl: must be " + WebhookAddress.EXPECTED,
        "widget.accentColor: must be " + WidgetAppearance.ACCENT_EXPECTED + ", got blue",
        "widget.position: must be \"bottom-right\" or \"bottom-left\"",
        "widget.launcherText: at most 40 characters",
        "widget.language: must be " + WidgetAppearance.LANGUAGE_EXPECTED + ", got english please",
        "widget.theme: must be \"auto\", \"light\" or \"dark\"",
        "widget.sound: must be true or false"),
        problems("{\"widget\": {\"shape\": \"round\", \"name\": \"A\\nB\", \"avatarUrl\": \"http://cdn.acme.example/a.png\","
            + " \"accentColor\": \"blue\", \"position\": \"top\", \"launcherText\": \"" + "x".repeat(41) + "\","
            + " \"language\": \"english please\", \"theme\": \"night\", \"sound\": \"loud\"}}"));
    assertEquals(List.of("widget: must be an object"), problems("{\"widget\": \"blue\"}"));
  }

  @Test
  void theTenantWordsTheWidgetsTextsPerLanguageEachProblemNamingItsKey() throws Exception {
    assertEquals(Optional.of(Map.of("de", Map.of("send", "Abschicken"), "pt-BR", Map.of("unread", "{count} novas"))),
        valid("{\"widget\": {\"texts\": {\"de\": {\"send\": \"Abschicken\"}, \"pt-BR\": {\"unread\": \"{count} novas\"}}}}")
            .widgetAppearance().texts());
    assertEquals(List.of(
        "widget.texts.de.queueWait: must hold the placeholders [{minutes}, {position}] of \"You are number {position} in line"
            + " (about {minutes} min). You can keep writing.\", got [{position}]",
        "widget.texts.de.sned: no such text; the texts are " + String.join(", ", new TreeSet<>(WidgetTexts.keys())),
        "widget.texts.de.send: must be one line of text of at most 300 characters",
        "widget.texts.klingon: must be a BCP 47 language tag in canonical form, e.g. de or pt-BR"),
        problems("{\"widget\": {\"texts\": {\"de\": {\"queueWait\": \"Sie sind Nummer {position}.\", \"sned\": \"x\","
            + " \"send\": \"a\\nb\"}, \"klingon\": {\"send\": \"x\"}}}}"));
  }

  @Test
  void theTenantSubscribesToConversationEventsAndEachProblemNamesItsEntry() throws Exception {
    assertEquals(List.of("conversation.started", "message.created"),
        valid("{\"webhookEvents\": [\"conversation.started\", \"message.created\"]}").webhookEvents());
    assertEquals(List.of(), BotConfig.empty().webhookEvents());
    String known = "known: conversation.closed, conversation.rated, conversation.started, handoff.requested,"
        + " handoff.taken, message.created";
    assertEquals(List.of(
        "webhookEvents[1]: no conversation event is named \"message.deleted\" (" + known + ")",
        "webhookEvents[2]: \"conversation.started\" is named twice",
        "webhookEvents[3]: must be a conversation event's name"),
        problems("{\"webhookEvents\": [\"conversation.started\", \"message.deleted\", \"conversation.started\", 7]}"));
    assertEquals(List.of("webhookEvents: must be a list of conversation event names (" + known + ")"),
        problems("{\"webhookEvents\": \"message.created\"}"));
  }

  @Test
  void aPhoneTransferTargetIsASipUriOrTheAgentConsole() throws Exception {
    BotConfig config = valid("{\"phoneTransferTarget\": \"sip:support@pbx.example.com\"}");
    assertEquals(Optional.of("sip:support@pbx.example.com"), config.phoneTransferTarget());
    assertEquals(Optional.of("console"), valid("{\"phoneTransferTarget\": \"console\"}").phoneTransferTarget());
    assertEquals(List.of("phoneTransferTarget: must be a SIP URI of a user at a host, e.g. sip:support@pbx.example.com,"
        + " or \"console\" (the agents online in the agent console)"),
        problems("{\"phoneTransferTarget\": \"+4930123456\"}"));
  }

  @Test
  void theAnswerCacheCanBeTurnedOffOrKeptShorterAndSmaller() throws Exception {
    BotConfig config = valid("{\"answerCache\": false, \"answerCacheTtlMinutes\": 60, \"answerCacheMaxEntries\": 200}");
    assertEquals(false, config.answerCacheOn());
    assertEquals(Optional.of(Duration.ofHours(1)), config.answerCacheTtl());
    assertEquals(Optional.of(200), config.answerCacheMaxEntries());
    assertEquals(true, BotConfig.empty().answerCacheOn());

    assertEquals(List.of(
        "answerCache: must be true or false",
        "answerCacheTtlMinutes: must be a whole number from 1 to 10080",
        "answerCacheMaxEntries: must be a whole number from 1 to 100000"),
        problems("{\"answerCache\": \"no\", \"answerCacheTtlMinutes\": 0, \"answerCacheMaxEntries\": 1.5}"));
  }

  @Test
  void leadsAreScoredWithTheTenantsThresholdAndWeights() throws Exception {
    BotConfig config = valid("{\"leadThreshold\": 50, \"leadWeights\": {\"budget\": 40, \"sentiment\": 0}}");
    LeadSettings settings = config.leadScoring(70);
    assertEquals(50, settings.threshold());
    assertEquals(40, settings.weights().of(LeadSignal.BUDGET));
    assertEquals(0, settings.weights().of(LeadSignal.SENTIMENT));
    assertEquals(35, settings.weights().of(LeadSignal.PURCHASE_INTENT), "unset signals keep their defaults");
    assertEquals(70, BotConfig.empty().leadScoring(70).threshold(), "the node's threshold when the tenant sets none");

    assertEquals(List.of(
        "leadThreshold: must be a whole number from 1 to 100",
        "leadWeights.budget: must be a whole number from 0 to 100",
        "leadWeights.mood: not a lead signal"),
        problems("{\"leadThreshold\": 0, \"leadWeights\": {\"budget\": \"lots\", \"mood\": 3}}"));
  }

  @Test
  void handoffRulesAreOffUnlessTurnedOn() throws Exception {
    BotConfig config = valid("{\"handoffRules\": {\"negativeSentiment\": true, \"sameQuestionFailures\": 2}}");
    assertEquals(Optional.of(new HandoffRules(true, 2, false)), config.handoffRules());
    assertEquals(Optional.empty(), BotConfig.empty().handoffRules());
    assertEquals(List.of(
        "handoffRules.mood: not a rule (known: negativeSentiment, sameQuestionFailures, toolFailure)",
        "handoffRules.toolFailure: must be true or false",
        "handoffRules.sameQuestionFailures: must be a whole number from 0 to 10"),
        problems("{\"handoffRules\": {\"mood\": 1, \"toolFailure\": \"yes\", \"sameQuestionFailures\": 11}}"));
  }

  @Test
  void redactionAndTheInjectionGuardAreTheTenantsOwn() throws Exception {
    BotConfig config = valid(
        "{\"redactKinds\": [\"EMAIL\", \"SSN\"], \"redactPatterns\": [{\"name\": \"MEMBER_ID\", \"regex\": \"M-\\\\d{6}\"}],"
            + " \"keepArchiveUnredacted\": true, \"injectionGuard\": \"refuse\"}");
    assertEquals(java.util.Set.of(PersonalDataKind.EMAIL, PersonalDataKind.SSN), config.redaction().kinds());
    assertEquals("M-\\d{6}", config.redaction().patterns().get(0).regex().source());
    assertEquals(true, config.keepsArchiveUnredacted());
    assertEquals(true, config.refusesInjections());
    assertEquals(RedactionPolicy.standard().kinds(), BotConfig.empty().redaction().kinds());
    assertEquals(false, BotConfig.empty().refusesInjections());
  }

  @Test
  void everyProblemOfTheRedactionSettingsIsListed() throws Exception {
    assertEquals(List.of(
        "redactKinds: \"PASSPORT\" is not a kind (EMAIL, PHONE, CARD, IBAN, SSN, NINO)",
        "redactPatterns[0].regex: missing closing ): `(P-` (" + TenantRegex.SYNTAX + ")",
        "redactPatterns[1].name: 2 to 20 capital letters, digits or _, starting with a letter",
        "redactPatterns[1].regex: invalid escape sequence: `\\1` (" + TenantRegex.SYNTAX + ")",
        "redactPatterns[2]: must be {\"name\": \"MEMBER_ID\", \"regex\": \"...\"} and nothing else",
        "injectionGuard: must be \"flag\" or \"refuse\""),
        problems("{\"redactKinds\": [\"EMAIL\", \"PASSPORT\"], \"redactPatterns\": ["
            + "{\"name\": \"POLICY\", \"regex\": \"(P-\"}, {\"name\": \"x\", \"regex\": \"(a)\\\\1\"}, {\"name\": \"Y\"}],"
            + " \"injectionGuard\": \"block\"}"));
  }

  @Test
  void theGreetingAndTheVoiceAreTheTenantsOwn() throws Exception {
    BotConfig config = valid(
        "{\"greeting\": \"Acme Lamps, this is Ava.\", \"voice\": {\"tier\": \"lead_score\", \"premiumFromScore\": 60,"
            + " \"name\": \"nova\", \"speed\": 1.25, \"recording\": \"ask\", \"answeringMachine\": \"leave_message\","
            + " \"voicemailMessage\": \"Hello, this is Ava from Acme Lamps. We will call again.\"},"
            + " \"premiumVoiceBudget\": 20000}");
    assertEquals(java.util.Optional.of("Acme Lamps, this is Ava."), config.greeting());
    assertEquals(new VoicePreferences(
        Optional.of(VoicePreferences.TierPolicy.LEAD_SCORE), Optional.of(60), Optional.of("nova"),
        Optional.of(1.25), Optional.of(VoicePreferences.Recording.ASK), Optional.empty(), Optional.empty(),
        Optional.of(VoicePreferences.AnsweringMachine.LEAVE_MESSAGE),
        Optional.of("Hello, this is Ava from Acme Lamps. We will call again."), Optional.empty()), config.voicePreferences());
    assertEquals(List.of("voice.voicemailMessage: at most 1000 characters"),
        problems("{\"voice\": {\"voicemailMessage\": \"" + "a".repeat(1001) + "\"}}"));
    assertEquals(VoicePreferences.Recording.OFF, BotConfig.empty().voicePreferences().recordingMode());
    assertEquals(Optional.empty(), BotConfig.empty().voicePreferences().answeringMachine(), "no detection unless asked for");
    assertEquals(Optional.of(20000), config.premiumVoiceBudget());
    assertEquals(VoicePreferences.TierPolicy.PREMIUM, BotConfig.empty().voicePreferences().tierPolicy());
  }

  @Test
  void aPhoneCallIsHandedOverBlindUnlessTheTenantAsksForWarm() throws Exception {
    BotConfig warm = valid("{\"voice\": {\"transferMode\": \"warm\", \"staffLanguage\": \"de\"}}");
    assertEquals(io.parley.core.call.TransferMode.WARM, warm.voicePreferences().transfers());
    assertEquals("de", warm.voicePreferences().staffSpeaks());
    assertEquals(io.parley.core.call.TransferMode.BLIND, BotConfig.empty().voicePreferences().transfers());
    assertEquals("en", BotConfig.empty().voicePreferences().staffSpeaks());
    assertEquals(List.of("voice.transferMode: must be \"blind\" or \"warm\"",
        "voice.staffLanguage: must be a language tag such as \"en\""),
        problems("{\"voice\": {\"transferMode\": \"attended\", \"staffLanguage\": \"!!\"}}"));
  }

  @Test
  void everyProblemOfTheVoiceSettingsIsListed() throws Exception {
    assertEquals(List.of(
        "greeting: must not be empty (leave it out to use the node's setting)",
        "voice.pitch: not a setting (known: answeringMachine, name, premiumFromScore, recording, speed, staffLanguage, tier,"
            + " transferMode, turns, voicemailMessage)",
        "voice.tier: must be \"premium\", \"local\" or \"lead_score\"",
        "voice.premiumFromScore: must be a whole number from 1 to 100",
        "voice.name: one line only",
        "voice.speed: must be a number from 0.5 to 2.0",
        "voice.recording: must be \"off\", \"announce\" or \"ask\"",
        "voice.answeringMachine: must be \"hang_up\" or \"leave_message\"",
        "premiumVoiceBudget: must be a whole number from 1 to 50000000"),
        problems("{\"voice\": {\"pitch\": 2, \"tier\": \"cheap\", \"premiumFromScore\": 0,"
            + " \"name\": \"a\\nb\", \"speed\": 3, \"recording\": \"always\", \"answeringMachine\": \"voicemail\"},"
            + " \"greeting\": \" \", \"premiumVoiceBudget\": -5}"));
  }

  @Test
  void phoneNumbersAreKeptAsTheBridgeComparesThem() throws Exception {
    BotConfig config = valid("{\"phoneNumbers\": [\"+49 (30) 123-456\", \"0800.555.0100\", \"200\"]}");
    assertEquals(List.of("+4930123456", "08005550100", "200"), config.phoneNumbers());
    assertEquals(List.of(), BotConfig.empty().phoneNumbers(), "unset: the tenant has no numbers");
  }

  @Test
  void everyProblemOfThePhoneNumbersIsListed() throws Exception {
    String expected = "must be a dialled number of 3 to 15 digits, E.164 with its + where the trunk sends one,"
        + " e.g. +4930123456, got ";
    assertEquals(List.of(
        "phoneNumbers[0]: " + expected + "\"sip:support@pbx\"",
        "phoneNumbers[1]: " + expected + "\"+12\"",
        "phoneNumbers[2]: " + expected + "\"+1234567890123456\"",
        "phoneNumbers[3]: " + expected + "4930",
        "phoneNumbers[5]: +4930123456 is listed twice"),
        problems("{\"phoneNumbers\": [\"sip:support@pbx\", \"+12\", \"+1234567890123456\", 4930,"
            + " \"+4930123456\", \"+49 30 123456\"]}"));
    assertEquals(List.of(
        "phoneNumbers: must be a list of dialled numbers, e.g. [\"+4930123456\"]"),
        problems("{\"phoneNumbers\": \"+4930123456\"}"));
  }

  @Test
  void theLimitsAreTheTenantsWithinTheNodes() throws Exception {
    UsageLimits limits = valid("{\"limits\": {\"contextTokens\": 4000, \"sessionTokens\": 20000, \"tokensPerDay\": 1000000,"
        + " \"messagesPerMinute\": 600, \"sessionMessagesPerMinute\": 6}}").usageLimits();
    assertEquals(new UsageLimits(Optional.of(4000), Optional.of(20000), Optional.of(1_000_000), Optional.of(600),
        Optional.of(6)), limits);
    assertEquals(4000, limits.contextTokens(16_000));
    assertEquals(3000, limits.contextTokens(3000), "a node that lowered its window since still bounds it");
    assertEquals(20_000, limits.sessionTokens(500_000));
    assertEquals(6, limits.sessionMessagesPerMinute(20));
    assertEquals(600, limits.messagesPerMinute(30_000));
    assertEquals(600, limits.messagesPerMinute(0), "the tenant's own where the node sets none");
    assertEquals(1_000_000, limits.tokensPerDay(0), "the tenant's own where the operator gives no daily budget");
    assertEquals(1_000_000, limits.tokensPerDay(5_000_000), "lower than the operator's");
    assertEquals(200_000, limits.tokensPerDay(200_000), "never more than the operator's");
    assertEquals(Optional.of(3L * 1024 * 1024), valid("{\"limits\": {\"uploadMebibytesPerHour\": 3}}").usageLimits()
        .uploadBytesPerHour());
    assertEquals(Optional.empty(), limits.uploadBytesPerHour());
    assertEquals(Optional.of(200), valid("{\"limits\": {\"knowledgePagesPerSource\": 200}}").usageLimits()
        .knowledgePagesPerSource());
    assertEquals(List.of("limits.knowledgeDocuments: must be a whole number from 1 to 10000000"),
        problems("{\"limits\": {\"knowledgeDocuments\": 0}}"));

    UsageLimits none = BotConfig.empty().usageLimits();
    assertEquals(16_000, none.contextTokens(16_000));
    assertEquals(500_000, none.sessionTokens(500_000));
    assertEquals(20, none.sessionMessagesPerMinute(20));
    assertEquals(0, none.messagesPerMinute(0));
    assertEquals(0, none.tokensPerDay(0));
    assertEquals(300_000, none.tokensPerDay(300_000));
  }

  @Test
  void everyProblemOfTheLimitsIsListed() throws Exception {
    assertEquals(List.of(
        "limits.tokens: not a setting (known: contextTokens, sessionTokens, tokensPerDay, messagesPerMinute,"
            + " sessionMessagesPerMinute, uploadMebibytesPerHour, knowledgeSources, knowledgePagesPerSource,"
            + " knowledgeDocuments)",
        "limits.contextTokens: must be a whole number from 1 to 16000",
        "limits.sessionTokens: must be a whole number from 1 to 500000",
        "limits.tokensPerDay: must be a whole number from 1 to 2000000000",
        "limits.messagesPerMinute: must be a whole number from 1 to 30000",
        "limits.sessionMessagesPerMinute: must be a whole number from 1 to 20"),
        problems("{\"limits\": {\"tokens\": 5, \"contextTokens\": 20000, \"sessionTokens\": 0, \"tokensPerDay\": 1.5,"
            + " \"messagesPerMinute\": 30001, \"sessionMessagesPerMinute\": \"6\"}}"));
    assertEquals(List.of("limits: must be an object"), problems("{\"limits\": 4000}"));
    assertEquals(1_000_000, ((BotConfigDocument.Read.Valid) BotConfigDocument.read(
            JSON.readTree("{\"limits\": {\"messagesPerMinute\": 1000000}}"),
            new BotConfigDocument.Node(Set.of(), 1024, Set.of(), new NodeLimits(16_000, 500_000, 20, 0, LIMITS.leastContextTokens()))))
        .config().usageLimits().messagesPerMinute(0), "up to a million where the node sets no limit");
  }

  @Test
  void aContextWindowMustHoldTheSystemPromptAndTheAnswer() throws Exception {
    assertEquals(List.of("limits.contextTokens: at least 2524 for this configuration (its system prompt, room for the"
        + " conversation and model.maxTokens for the answer)"), problems("{\"limits\": {\"contextTokens\": 2000}}"));
    assertEquals(Optional.of(1800), valid("{\"model\": {\"maxTokens\": 300}, \"limits\": {\"contextTokens\": 1800}}")
        .usageLimits().contextTokens(), "a shorter answer leaves room for a smaller window");
  }
}
