package dev.alexos.chainbot.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Retry decisions on a virtual clock, with a scripted provider (no network). */
class RetryingProviderTest {
    final VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final VirtualScheduler time = new VirtualScheduler(clock, Runnable::run);
    final ProviderSettings settings = new ProviderSettings("p", "openai", URI.create("http://127.0.0.1:9"), Optional.empty(),
            Duration.ofSeconds(5), 3, Duration.ofMillis(500), Duration.ofSeconds(10));
    final Deque<Function<TokenSink, CompletableFuture<ChatResponse>>> script = new ArrayDeque<>();
    int calls;

    final LlmProvider scripted = new LlmProvider() {
        @Override
        public String name() {
            return "p";
        }

        @Override
        public String kind() {
            return "openai";
        }

        @Override
        public CompletableFuture<ChatResponse> chat(ChatRequest request, TokenSink sink) {
            calls++;
            return script.poll().apply(sink);
        }
    };

    static Function<TokenSink, CompletableFuture<ChatResponse>> fail(LlmException.Kind kind, Duration retryAfter) {
        return s -> CompletableFuture.failedFuture(new LlmException(kind, kind.name(), 0, retryAfter));
    }

    static Function<TokenSink, CompletableFuture<ChatResponse>> ok() {
        return s -> CompletableFuture.completedFuture(new ChatResponse("ok", "m", TokenUsage.NONE, "stop", List.of()));
    }

    CompletableFuture<ChatResponse> call() {
        return new RetryingProvider(scripted, settings, time, null).chat(
                new ChatRequest("m", List.of(ChatMessage.user("x")), null, null, List.of(), true), t -> { });
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        RetryingProvider p = new RetryingProvider(scripted, settings, time, null);
        LlmException e = new LlmException(LlmException.Kind.SERVER_ERROR, "x");
        assertThat(List.of(p.delayBefore(e, 0), p.delayBefore(e, 1), p.delayBefore(e, 2), p.delayBefore(e, 6)))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(p.delayBefore(new LlmException(LlmException.Kind.RATE_LIMITED, "x", 429, Duration.ofSeconds(3)), 0))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(p.delayBefore(new LlmException(LlmException.Kind.RATE_LIMITED, "x", 429, Duration.ofMinutes(5)), 0))
                .as("a Retry-After beyond max_backoff is not waited for").isNull();
    }

    @Test
    void retriesRateLimitsAndServerErrorsOnTheSchedulerClock() {
        script.add(fail(LlmException.Kind.RATE_LIMITED, Duration.ofSeconds(4)));
        script.add(fail(LlmException.Kind.SERVER_ERROR, null));
        script.add(ok());
        CompletableFuture<ChatResponse> f = call();
        assertThat(calls).isEqualTo(1);
        clock.advance(Duration.ofMillis(3999));
        assertThat(calls).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(calls).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(f).isCompleted();
        assertThat(f.join().text()).isEqualTo("ok");
        assertThat(time.requestedDelays()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(1));
    }

    @Test
    void clientErrorsTimeoutsAndStreamsThatStartedAreNotRetried() {
        script.add(fail(LlmException.Kind.CLIENT_ERROR, null));
        assertThat(call()).isCompletedExceptionally();
        script.add(fail(LlmException.Kind.TIMEOUT, null));
        assertThat(call()).isCompletedExceptionally();
        script.add(s -> {
            s.onToken("half");
            return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.SERVER_ERROR, "broke"));
        });
        CompletableFuture<ChatResponse> f = call();
        assertThat(f).isCompletedExceptionally();
        assertThat(calls).isEqualTo(3);
        assertThat(time.requestedDelays()).isEmpty();
    }

    @Test
    void cancellingDuringABackoffStopsFurtherAttempts() {
        script.add(fail(LlmException.Kind.SERVER_ERROR, null));
        script.add(ok());
        CompletableFuture<ChatResponse> f = call();
        f.cancel(true);
        clock.advance(Duration.ofSeconds(10));
        assertThat(calls).isEqualTo(1);
        try {
            f.join();
        } catch (CompletionException | java.util.concurrent.CancellationException expected) {
            // cancelled
        }
    }
}
