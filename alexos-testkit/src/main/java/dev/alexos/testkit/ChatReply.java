package dev.alexos.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What the {@link FakeChatModel} answers one request with: text (whole or streamed in given
 * chunks, possibly cut off mid-stream), or an injected failure. Immutable.
 *
 * <pre>{@code
 * ChatReply.text("Paris.");
 * ChatReply.chunks("Par", "is", ".");               // streamed as three deltas when the client streams
 * ChatReply.text("Paris is the capital").cutOffAfter(2); // stream dies after 2 chunks
 * ChatReply.rateLimited(Duration.ofSeconds(3));     // 429 with Retry-After: 3
 * ChatReply.serverError();                          // 500
 * ChatReply.malformed("{\"choices\": [");           // 200 with broken JSON
 * ChatReply.hang();                                 // never answers: the client must time out
 * ChatReply.text("late").delayedBy(Duration.ofMillis(300));
 * CompletableFuture<Void> go = new CompletableFuture<>();
 * ChatReply.chunks("Hel", "lo").holdAfter(1, go);    // streams "Hel", waits for go.complete(null)
 * }</pre>
 *
 * @param kind what it is
 * @param chunks the text, in streaming chunks (non-streamed answers join them)
 * @param cutOffAfter for {@link Kind#TEXT}: close the connection after this many chunks
 *     ({@code -1}: never)
 * @param status HTTP status of a {@link Kind#ERROR}
 * @param errorType the error's {@code type} (OpenAI) / text (Ollama)
 * @param retryAfter the {@code Retry-After} of a rate limit, or null
 * @param raw the body of a {@link Kind#MALFORMED} reply
 * @param delay real time to wait before answering (zero: none)
 * @param holdAfter for a streamed {@link Kind#TEXT}: after this many chunks are sent (and
 *     flushed), wait for {@code release} before sending the rest ({@code -1}: never hold)
 * @param release what a held stream waits for (null unless {@code holdAfter >= 0})
 */
public record ChatReply(Kind kind, List<String> chunks, int cutOffAfter, int status, String errorType,
        Duration retryAfter, String raw, Duration delay, int holdAfter, CompletionStage<?> release) {

    /** Kinds of replies. */
    public enum Kind { TEXT, ERROR, MALFORMED, HANG }

    public ChatReply {
        Objects.requireNonNull(kind, "kind");
        chunks = List.copyOf(chunks == null ? List.of() : chunks);
        delay = delay == null ? Duration.ZERO : delay;
        if ((holdAfter >= 0) != (release != null)) {
            throw new IllegalArgumentException("holdAfter and release go together");
        }
    }

    /** An answer; streamed word by word when the client streams. */
    public static ChatReply text(String content) {
        Objects.requireNonNull(content, "content");
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= content.length(); i++) {
            if (i == content.length() || content.charAt(i) == ' ') {
                words.add(content.substring(start, i));
                start = i;
            }
        }
        return new ChatReply(Kind.TEXT, words.isEmpty() ? List.of("") : words, -1, 200, null, null, null, null, -1, null);
    }

    /** An answer streamed in exactly these chunks. */
    public static ChatReply chunks(String... parts) {
        return new ChatReply(Kind.TEXT, List.of(parts), -1, 200, null, null, null, null, -1, null);
    }

    /** 429 with {@code Retry-After} in whole seconds (rounded up). */
    public static ChatReply rateLimited(Duration retryAfter) {
        return new ChatReply(Kind.ERROR, null, -1, 429, "rate_limit_exceeded", retryAfter, null, null, -1, null);
    }

    /** 500 server error. */
    public static ChatReply serverError() {
        return error(500, "server_error");
    }

    /** Any HTTP error status with an error body of the request's protocol. */
    public static ChatReply error(int status, String type) {
        return new ChatReply(Kind.ERROR, null, -1, status, type, null, null, null, -1, null);
    }

    /** 200 with this body, sent as {@code application/json} whatever it is. */
    public static ChatReply malformed(String raw) {
        return new ChatReply(Kind.MALFORMED, null, -1, 200, null, null, raw, null, -1, null);
    }

    /** Never answers until the fake closes. */
    public static ChatReply hang() {
        return new ChatReply(Kind.HANG, null, -1, 200, null, null, null, null, -1, null);
    }

    /** This reply, streamed, but the connection is closed after {@code n} chunks (no final chunk). */
    public ChatReply cutOffAfter(int n) {
        if (kind != Kind.TEXT || n < 0) {
            throw new IllegalArgumentException("only a text reply can be cut off, after n >= 0 chunks");
        }
        return new ChatReply(kind, chunks, n, status, errorType, retryAfter, raw, delay, holdAfter, release);
    }

    /** This reply, after {@code by} of real time. */
    public ChatReply delayedBy(Duration by) {
        return new ChatReply(kind, chunks, cutOffAfter, status, errorType, retryAfter, raw, by, holdAfter, release);
    }

    /**
     * This reply, streamed, but held after {@code n} chunks until {@code release} completes
     * (normally or not): a test can look at what a client shows mid-stream, deterministically.
     * Unstreamed requests are answered whole once {@code release} completes.
     */
    public ChatReply holdAfter(int n, CompletionStage<?> release) {
        if (kind != Kind.TEXT || n < 0) {
            throw new IllegalArgumentException("only a text reply can be held, after n >= 0 chunks");
        }
        return new ChatReply(kind, chunks, cutOffAfter, status, errorType, retryAfter, raw, delay, n,
                Objects.requireNonNull(release, "release"));
    }

    /** The whole text of a {@link Kind#TEXT} reply. */
    public String content() {
        return String.join("", chunks);
    }
}
