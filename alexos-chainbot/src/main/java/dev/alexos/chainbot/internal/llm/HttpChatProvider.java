package dev.alexos.chainbot.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import dev.alexos.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP side shared by both protocols: headers, timeouts, status mapping, streaming with an
 * idle watchdog, and redaction of what the provider answers. Subclasses say what to send and
 * how to read the answer. One attempt per call: retries are {@link RetryingProvider}'s job.
 */
abstract class HttpChatProvider implements LlmProvider {
    static final ObjectMapper MAPPER = Json.mapper();
    protected final ProviderSettings settings;
    private final HttpClient http;
    private final Scheduler scheduler;
    private final Clock clock;
    protected final Redactor redactor;

    HttpChatProvider(ProviderSettings settings, HttpClient http, Scheduler scheduler, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.scheduler = scheduler;
        this.clock = clock;
        this.redactor = new Redactor(settings.apiKey().stream().toList());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String kind() {
        return settings.kind();
    }

    /** The chat endpoint. */
    abstract URI endpoint();

    /** The request body. */
    abstract ObjectNode body(ChatRequest request);

    /** Reads a complete (non-streamed) reply; throws {@link LlmException} MALFORMED when it can't. */
    abstract ChatResponse parseReply(JsonNode reply);

    /** A reader for one streamed reply. */
    abstract StreamReader streamReader(TokenSink sink);

    /** Reads one streamed reply, line by line. */
    interface StreamReader {
        /** Consumes a line; returns true when the reply is complete. */
        boolean onLine(String line);

        /** Whether at least one token has been seen. */
        int tokens();

        /** The assembled reply; throws INCOMPLETE when the stream ended early. */
        ChatResponse result(boolean complete);
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request, TokenSink sink) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", request.stream() ? "text/event-stream, application/x-ndjson" : "application/json");
        settings.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k.reveal()));
        HttpRequest httpRequest;
        try {
            httpRequest = b.POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body(request)))).build();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.MALFORMED,
                    "could not encode the request to provider '" + name() + "': " + e.getMessage()));
        }
        if (!request.stream()) {
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<ChatResponse> result = sent.handle((resp, err) -> {
                if (err != null) {
                    throw transportFailure(err);
                }
                checkStatus(resp.statusCode(), resp.body(), resp.headers().firstValue("Retry-After").orElse(null));
                JsonNode json;
                try {
                    json = MAPPER.readTree(resp.body());
                } catch (IOException e) {
                    throw malformed("the reply is not JSON");
                }
                if (json == null || !json.isObject()) {
                    throw malformed("the reply is not a JSON object");
                }
                return parseReply(json);
            });
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    sent.cancel(true);
                }
            });
            return result;
        }
        CompletableFuture<HttpResponse<InputStream>> sent =
                http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
        AtomicReference<InputStream> stream = new AtomicReference<>();
        CompletableFuture<ChatResponse> result = sent.handleAsync((resp, err) -> {
            if (err != null) {
                throw transportFailure(err);
            }
            stream.set(resp.body());
            if (resp.statusCode() / 100 != 2) {
                String text;
                try (InputStream in = resp.body()) {
                    text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = "";
                }
                checkStatus(resp.statusCode(), text, resp.headers().firstValue("Retry-After").orElse(null));
            }
            return readStream(resp.body(), streamReader(sink));
        }, scheduler.executor());
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
                closeQuietly(stream.get());
            }
        });
        return result;
    }

    private ChatResponse readStream(InputStream in, StreamReader reader) {
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicReference<Cancellable> watchdog = new AtomicReference<>(() -> { });
        Runnable arm = () -> {
            watchdog.get().cancel();
            watchdog.set(scheduler.schedule(settings.timeout(), () -> {
                stalled.set(true);
                closeQuietly(in);
            }));
        };
        boolean complete = false;
        arm.run();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!complete && (line = lines.readLine()) != null) {
                arm.run();
                if (!line.isBlank()) {
                    complete = reader.onLine(line);
                }
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new LlmException(LlmException.Kind.TIMEOUT, "provider '" + name() + "' sent no token for "
                        + settings.timeout().toMillis() + " ms after " + reader.tokens() + " tokens");
            }
            throw new LlmException(LlmException.Kind.INCOMPLETE, "the stream from provider '" + name()
                    + "' broke after " + reader.tokens() + " tokens: " + redactor.clean(e.getMessage()));
        } finally {
            watchdog.get().cancel();
        }
        if (stalled.get() && !complete) {
            throw new LlmException(LlmException.Kind.TIMEOUT, "provider '" + name() + "' sent no token for "
                    + settings.timeout().toMillis() + " ms after " + reader.tokens() + " tokens");
        }
        return reader.result(complete);
    }

    private void checkStatus(int status, String body, String retryAfter) {
        if (status / 100 == 2) {
            return;
        }
        String detail = redactor.clean(errorMessage(body));
        String msg = "provider '" + name() + "' answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 429) {
            throw new LlmException(LlmException.Kind.RATE_LIMITED, msg, status, parseRetryAfter(retryAfter));
        }
        if (status >= 500) {
            throw new LlmException(LlmException.Kind.SERVER_ERROR, msg, status, null);
        }
        throw new LlmException(LlmException.Kind.CLIENT_ERROR, msg, status, null);
    }

    /** The provider's own error message from an error body, or the body's start. */
    private static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            JsonNode err = n == null ? null : n.get("error");
            if (err != null && err.isObject() && err.hasNonNull("message")) {
                return err.get("message").asText();
            }
            if (err != null && err.isTextual()) {
                return err.asText();
            }
        } catch (IOException ignored) {
            // not JSON: show the text itself
        }
        return body;
    }

    Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    private RuntimeException transportFailure(Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof LlmException le) {
            return le;
        }
        if (cause instanceof HttpTimeoutException) {
            return new LlmException(LlmException.Kind.TIMEOUT, "provider '" + name() + "' did not answer within "
                    + settings.timeout().toMillis() + " ms");
        }
        if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
            return new LlmException(LlmException.Kind.CONNECTION, "could not connect to provider '" + name() + "' at "
                    + settings.displayUrl());
        }
        if (cause instanceof java.util.concurrent.CancellationException ce) {
            return ce;
        }
        return new LlmException(LlmException.Kind.CONNECTION, "the exchange with provider '" + name() + "' failed: "
                + redactor.clean(String.valueOf(cause.getMessage())));
    }

    LlmException malformed(String what) {
        return new LlmException(LlmException.Kind.MALFORMED, "provider '" + name() + "' answered a malformed reply: " + what);
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static List<ToolSpec> tools(ChatRequest r) {
        return r.tools();
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing to abort: nothing more to do
            }
        }
    }
}
