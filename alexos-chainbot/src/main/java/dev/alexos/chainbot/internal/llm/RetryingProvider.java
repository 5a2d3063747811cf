package dev.alexos.chainbot.internal.llm;

import dev.alexos.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a provider's calls: after a 429 it waits what {@code Retry-After} says (or the
 * backoff when it says nothing), after a 5xx or a refused connection it backs off
 * exponentially ({@code initialBackoff × 2^n}, at most {@code maxBackoff}); a 4xx, a timeout, a
 * malformed or cut-off reply is not retried. A streamed call is retried only while no token
 * has reached the sink, so that nobody sees a reply twice. Waits go through the
 * {@link Scheduler} (a virtual clock in tests) and hold no thread.
 */
public final class RetryingProvider implements LlmProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingProvider.class);
    private final LlmProvider delegate;
    private final ProviderSettings settings;
    private final Scheduler scheduler;
    private final IntConsumer onRetry;

    /**
     * @param onRetry told the attempt number before each retry (for metrics and tests)
     */
    public RetryingProvider(LlmProvider delegate, ProviderSettings settings, Scheduler scheduler, IntConsumer onRetry) {
        this.delegate = delegate;
        this.settings = settings;
        this.scheduler = scheduler;
        this.onRetry = onRetry == null ? n -> { } : onRetry;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    /** The settings this provider was built from. */
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request, TokenSink sink) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
        AtomicInteger tokens = new AtomicInteger();
        TokenSink counting = t -> {
            tokens.incrementAndGet();
            sink.onToken(t);
        };
        attempt(request, counting, tokens, 0, result, current);
        result.whenComplete((r, e) -> {
            if (result.isCancelled() && current.get() != null) {
                current.get().cancel(true);
            }
        });
        return result;
    }

    private void attempt(ChatRequest request, TokenSink sink, AtomicInteger tokens, int attempt,
            CompletableFuture<ChatResponse> result, AtomicReference<CompletableFuture<?>> current) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<ChatResponse> call = delegate.chat(request, sink);
        current.set(call);
        call.whenComplete((r, e) -> {
            if (e == null) {
                result.complete(r);
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CancellationException || !(cause instanceof LlmException le)) {
                result.completeExceptionally(cause);
                return;
            }
            Duration wait = delayBefore(le, attempt);
            if (!le.kind().retryable() || attempt >= settings.maxRetries() || tokens.get() > 0 || wait == null) {
                result.completeExceptionally(attempt == 0 || !le.kind().retryable() ? le
                        : new LlmException(le.kind(), le.getMessage() + " (gave up after " + (attempt + 1) + " attempts)",
                                le.httpStatus(), le.retryAfter()));
                return;
            }
            LOG.info("provider '{}': {}; retry {} of {} in {} ms", name(), le.getMessage(), attempt + 1,
                    settings.maxRetries(), wait.toMillis());
            onRetry.accept(attempt + 1);
            CompletableFuture<Void> delay = scheduler.delay(wait);
            current.set(delay);
            delay.thenRun(() -> attempt(request, sink, tokens, attempt + 1, result, current));
        });
    }

    /** The wait before the next attempt, or {@code null} when waiting that long is not worth it. */
    Duration delayBefore(LlmException e, int attempt) {
        Duration backoff = settings.initialBackoff().multipliedBy(1L << Math.min(attempt, 20));
        if (backoff.compareTo(settings.maxBackoff()) > 0) {
            backoff = settings.maxBackoff();
        }
        if (e.kind() == LlmException.Kind.RATE_LIMITED && e.retryAfter() != null) {
            return e.retryAfter().compareTo(settings.maxBackoff()) > 0 ? null : e.retryAfter();
        }
        return backoff;
    }
}
