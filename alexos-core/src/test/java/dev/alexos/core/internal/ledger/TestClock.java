package dev.alexos.core.internal.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that advances one microsecond per reading: deterministic, distinct entry times. */
final class TestClock extends Clock {
    private final AtomicLong micros = new AtomicLong(1_790_000_000_000_000L);

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        long m = micros.incrementAndGet();
        return Instant.ofEpochSecond(m / 1_000_000, (m % 1_000_000) * 1_000 + 7);
    }
}
