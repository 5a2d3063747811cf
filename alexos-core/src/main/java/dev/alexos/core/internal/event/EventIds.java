package dev.alexos.core.internal.event;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Default event ids: version-4-shaped UUID text, unique per bus and, with 100+ random bits per
 * bus instance, across buses.
 *
 * <p>{@link UUID#randomUUID()} draws from {@link SecureRandom} on every call, which costs more
 * than the rest of a publish together; here the random part is drawn once and a counter fills
 * the low bits. Event ids are identifiers, not secrets, so they need not be unpredictable.
 * Thread-safe.
 */
final class EventIds implements Supplier<String> {
    private static final long COUNTER_BITS = 0x0000_FFFF_FFFF_FFFFL;
    private static final long VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long VARIANT_IETF = 0x8000_0000_0000_0000L;

    private final long msb;
    private final long lsbHigh;
    private final AtomicLong counter = new AtomicLong();

    EventIds() {
        SecureRandom random = new SecureRandom();
        long m = random.nextLong();
        this.msb = (m & ~0xF000L) | 0x4000L; // version 4
        this.lsbHigh = random.nextLong() & ~COUNTER_BITS & VARIANT_MASK | VARIANT_IETF;
    }

    @Override
    public String get() {
        long n = counter.getAndIncrement() & COUNTER_BITS;
        return new UUID(msb, lsbHigh | n).toString();
    }
}
