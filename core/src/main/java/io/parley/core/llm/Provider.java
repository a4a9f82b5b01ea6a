package io.parley.core.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.util.concurrent.ScheduledExecutorService;

/** What every call to one model server shares: owned by {@link OpenAiCompatibleClient}. */
record Provider(
    String name, HttpClient http, ScheduledExecutorService timers, ObjectMapper json, LlmClientSettings settings) {}
