package io.parley.http.chat;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Which agents have a picture for their customers to see, and its path ({@link AgentPictureIndex}). */
public interface AgentPictures {
  /** The path of the agent's picture (empty: it has none) when known without waiting. */
  Optional<Optional<String>> known(String tenant, String agentId);

  /** Reads it, after which {@link #known} answers for a while. */
  CompletionStage<Void> load(String tenant, String agentId);
}
