package dev.alexos.chainbot.internal.llm;

/** Receives streamed tokens in order, on the thread reading the stream. Must not block. */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = token -> { };

    void onToken(String token);
}
