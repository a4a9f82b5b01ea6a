package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.compute.CpuWork;
import io.parley.core.compute.LogicBudget;
import io.parley.core.config.SettingsReader;
import io.parley.core.identity.IdentitySettings;
import io.parley.core.identity.ProviderFetchSettings;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.http.cluster.ClusterSettings;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.cache.AnswerCacheSettings;
import io.parley.persistence.keys.RootKeySettings;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.admission.TenantBudgetSettings;
import io.parley.sessions.conversations.ConversationSettings;
import io.parley.sessions.erasure.RetentionSettings;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.turn.TurnPrompts;
import io.parley.tools.ToolSettings;
import io.parley.voice.VoiceSettings;
import io.parley.voice.phone.SipSettings;
import java.time.Duration;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Every setting a node is made from, read before anything opens: a bad one fails the start with
 * {@code InvalidSettingException} while there is nothing yet to close.
 */
record NodeConfiguration(Config config, NodeSettings node, IdentitySettings identities,
    ProviderFetchSettings providerReads, Duration tenantsReload, ClusterSettings cluster, SessionSettings sessions,
    BreakerSettings breakers, TenantBudgetSettings budgets, DatabaseSettings database, ToolSettings tools,
    VoiceSettings voice, SipSettings sip, TurnPrompts prompts, AnswerCacheSettings answerCache,
    Optional<SecretKey> rootKey, RetentionSettings retention, ConversationSettings conversations,
    OutboundAddressPolicy outboundPolicy, int cpuWorkThreads, LogicBudget tenantLogic) {

  static NodeConfiguration read(Config config) {
    NodeSettings node = NodeSettings.create(config);
    SessionSettings sessions = SessionSettings.create(config);
    return new NodeConfiguration(config, node,
        IdentitySettings.create(config, node.defaultTenant()),
        ProviderFetchSettings.create(config),
        new SettingsReader(config).duration("parley.identity.reload-interval", "PARLEY_TENANTS_RELOAD_INTERVAL"),
        ClusterSettings.create(config),
        sessions,
        BreakerSettings.create(config),
        TenantBudgetSettings.create(config),
        DatabaseSettings.create(config),
        ToolSettings.create(config),
        VoiceSettings.create(config),
        SipSettings.create(config),
        TurnPrompts.create(sessions),
        AnswerCacheSettings.create(config),
        RootKeySettings.create(config),
        RetentionSettings.create(config),
        ConversationSettings.create(config),
        OutboundSettings.policy(config),
        CpuWork.threads(new SettingsReader(config).nonNegativeInt("parley.cpu-work.threads", "PARLEY_CPU_WORK_THREADS")),
        LogicBudget.create(config));
  }
}
