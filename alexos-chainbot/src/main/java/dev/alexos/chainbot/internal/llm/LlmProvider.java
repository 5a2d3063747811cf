package dev.alexos.chainbot.internal.llm;

import java.util.concurrent.CompletableFuture;

/**
 * A chat model endpoint. The future fails with {@link LlmException} (possibly wrapped in a
 * {@link java.util.concurrent.CompletionException}); cancelling it aborts the HTTP exchange.
 * Thread-safe.
 */
public interface LlmProvider {

    /** The configured provider name, e.g. {@code openai}. */
    String name();

    /** {@code openai} or {@code ollama}. */
    String kind();

    /** Sends one request. Streamed tokens (when {@code request.stream()}) go to {@code sink}. */
    CompletableFuture<ChatResponse> chat(ChatRequest request, TokenSink sink);
}
