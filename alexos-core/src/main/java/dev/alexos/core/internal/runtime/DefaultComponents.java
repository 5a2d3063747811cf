package dev.alexos.core.internal.runtime;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.internal.event.DefaultEventBus;
import dev.alexos.core.internal.ledger.FileLedger;
import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The embedded event bus and file ledger, configured from sections {@code events} and {@code ledger}. */
public final class DefaultComponents {
    /** Default number of events kept for replay. */
    public static final int DEFAULT_REPLAY_CAPACITY = 10_000;

    private DefaultComponents() {
    }

    /** Options from {@code ledger.durability}, {@code ledger.group_max_delay}, {@code ledger.segment_max_bytes}. */
    public static LedgerOptions ledgerOptions(AlexOsConfig config) {
        ConfigSection s = config.section("ledger");
        LedgerOptions d = LedgerOptions.defaults();
        return new LedgerOptions(
                s.enumValue("durability", Durability.class, d.durability()),
                s.duration("group_max_delay", d.groupMaxDelay(), Duration.ZERO, Duration.ofSeconds(1)),
                s.longValue("segment_max_bytes", d.segmentMaxBytes(), 4096, 1L << 40));
    }

    /** Replay capacity from {@code events.replay_capacity}. */
    public static int replayCapacity(AlexOsConfig config) {
        return config.section("events").integer("replay_capacity", DEFAULT_REPLAY_CAPACITY, 1, 10_000_000);
    }

    /** Opens the file ledger in {@code directory}. */
    public static Ledger openLedger(Path directory, LedgerOptions options, Clock clock) {
        return FileLedger.open(directory, options, clock);
    }

    /** A new in-process event bus. */
    public static EventBus eventBus(int replayCapacity, Clock clock) {
        return new DefaultEventBus(clock, replayCapacity);
    }
}
