package dev.alexos.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.testkit.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
    @Test
    void limitsPerAddressInASlidingMinute() {
        VirtualClock clock = VirtualClock.create();
        LoginRateLimiter limiter = new LoginRateLimiter(3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
            limiter.recordFailure("10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(30);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
    }
}
