package io.parley.http;

import io.parley.core.cache.AnswerCache;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.identity.ApiKeyStore;
import io.parley.core.identity.TenantStore;
import io.parley.core.language.LanguageDetection;
import io.parley.core.memory.UserMemory;
import io.parley.persistence.Database;
import io.parley.persistence.cache.JdbcAnswerCache;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.desk.JdbcAgentPictures;
import io.parley.persistence.desk.JdbcAgentProfiles;
import io.parley.persistence.desk.JdbcConversationNotes;
import io.parley.persistence.desk.JdbcSavedReplies;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.gaps.JdbcKnowledgeGaps;
import io.parley.persistence.keys.JdbcApiKeys;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.keys.PhoneUserKeys;
import io.parley.persistence.memory.JdbcUserMemory;
import io.parley.persistence.tenants.JdbcTenants;
import io.parley.persistence.webhooks.JdbcWebhookDeliveries;
import io.parley.sessions.ClusterReleases;
import io.parley.tools.BuiltInTools;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node keeps in its database beside the journal: users' memory, the answer cache, the
 * knowledge base and tickets, the data keys, conversations, tenants, API keys, webhook deliveries,
 * and the agents' profiles, pictures, saved replies and notes.
 */
record NodeStores(UserMemory memory, AnswerCache answerCache, BuiltInTools tools, JdbcDataKeys keys,
    JdbcConversations conversations, TenantStore tenants, ApiKeyStore apiKeys,
    JdbcWebhookDeliveries webhookDeliveries, JdbcKnowledgeGaps gaps, JdbcAgentProfiles agentProfiles,
    JdbcAgentPictures agentPictures, JdbcSavedReplies savedReplies, JdbcConversationNotes notes) {
  private static final Logger LOG = LoggerFactory.getLogger(NodeStores.class);

  /**
   * {@code onceBound} runs the knowledge base's seeding once the node serves, not during its start;
   * {@code languages} tells the knowledge base the language of a document added without one.
   */
  static NodeStores open(NodeConfiguration settings, Database database, MiniLmEmbeddingModel embeddings,
      LanguageDetection languages, Executor onceBound) {
    AnswerCache answerCache = settings.answerCache().enabled()
        ? new JdbcAnswerCache(database.dataSource(), embeddings, settings.answerCache(), Clock.systemUTC())
        : AnswerCache.off();
    JdbcDataKeys keys = JdbcDataKeys.open(database.dataSource(), settings.rootKey(), Clock.systemUTC());
    // Before the node takes calls: a caller calling again is found under the keyed id their call now has.
    keyPhoneUsers(() -> PhoneUserKeys.rekey(database.dataSource(), keys));
    return new NodeStores(
        new JdbcUserMemory(database.dataSource(), embeddings),
        answerCache,
        // Not on a shared pool: searches wait for the sample articles, so they must never queue behind searches.
        BuiltInTools.start(database.dataSource(), embeddings, languages, settings.tools(), onceBound),
        keys,
        new JdbcConversations(database.dataSource()),
        new JdbcTenants(database.dataSource()),
        new JdbcApiKeys(database.dataSource()),
        new JdbcWebhookDeliveries(database.dataSource()),
        JdbcKnowledgeGaps.onItsOwnThread(database.dataSource(), embeddings),
        new JdbcAgentProfiles(database.dataSource()),
        new JdbcAgentPictures(database.dataSource()),
        new JdbcSavedReplies(database.dataSource()),
        new JdbcConversationNotes(database.dataSource()));
  }

  /**
   * Once this member is up, and no member of a release that writes plain phone user ids is, a pass
   * that leaves none marks the database keyed: later starts skip the scan (PhoneUserKeys).
   */
  static void keyPhoneUsersOnceUp(ActorSystem<?> system, Database database, TenantSecrets keys) {
    Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> Thread.ofVirtual().name("parley-phone-user-keys")
        .start(() -> {
          if (!ClusterReleases.get(system).get().allReach(PhoneUserKeys.FIRST_KEYING_RELEASE)) {
            LOG.info("A member of a release that writes plain phone user ids is up; the next start looks for them again");
            return;
          }
          keyPhoneUsers(() -> PhoneUserKeys.rekeyAndMark(database.dataSource(), keys, Clock.systemUTC().instant()));
        }));
  }

  /** Runs a keying {@code pass}; a failing one is logged, never fails the node, and the next start tries again. */
  private static void keyPhoneUsers(IntSupplier pass) {
    try {
      int keyed = pass.getAsInt();
      if (keyed > 0) LOG.info("Keyed {} phone user ids an earlier release stored as plain hashes of numbers", keyed);
    } catch (RuntimeException e) {
      LOG.warn("Keying the phone user ids an earlier release stored plain failed; the next start tries again", e);
    }
  }
}
