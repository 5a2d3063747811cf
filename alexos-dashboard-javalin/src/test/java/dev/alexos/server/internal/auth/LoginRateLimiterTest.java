package dev.alexos.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    @Test
    void limitsPerAddressInASlidingMinute() {
        MutableClock clock = new MutableClock();
        LoginRateLimiter limiter = new LoginRateLimiter(3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
            limiter.recordFailure("10.0.0.1");
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(30);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).isZero();
        clock.now = clock.now.plus(Duration.ofSeconds(30));
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
    }
}
