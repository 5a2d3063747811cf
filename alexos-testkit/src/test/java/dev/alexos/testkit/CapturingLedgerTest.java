package dev.alexos.testkit;

import static dev.alexos.testkit.AlexOsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.internal.ledger.FileLedger;
import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.LedgerOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapturingLedgerTest {
    @TempDir
    Path dir;

    record Action(String container, String action, Instant at, BigDecimal cost) {
    }

    @Test
    void producesTheSameChainAsTheFileLedger() {
        VirtualClock clock = VirtualClock.create();
        CapturingLedger memory = new CapturingLedger(clock);
        List<Object> payloads = List.of(Map.of("b", 2, "a", List.of(1, 2.5, "x")),
                new Action("web", "restart", Instant.parse("2026-01-01T00:00:01Z"), new BigDecimal("1.50")),
                Map.of("nested", Map.of("z", true, "y", Map.of())));
        try (FileLedger file = FileLedger.open(dir, new LedgerOptions(Durability.NONE, Duration.ZERO, 4096), clock)) {
            for (Object p : payloads) {
                LedgerEntry m = memory.append("watchtower.container_action", p).join();
                LedgerEntry f = file.append("watchtower.container_action", p).join();
                assertThat(m.hash()).isEqualTo(f.hash());
                assertThat(m.payload()).isEqualTo(f.payload());
                clock.advance(Duration.ofMillis(1500));
            }
            assertThat(memory.headHash()).isEqualTo(file.headHash());
        }
        assertThat(memory).verifies().hasSize(3).hasEntry("watchtower.container_action", Map.of("cost", 1.5));
    }

    /** A payload Jackson cannot write: its getter throws. */
    public static final class Broken {
        public String getValue() {
            throw new IllegalStateException("cannot read value");
        }
    }

    @Test
    void unserializablePayloadFailsTheAppendAndBreaksNothing() {
        CapturingLedger ledger = new CapturingLedger(VirtualClock.create());
        var failed = ledger.append("x.y", new Broken());
        assertThat(failed).isCompletedExceptionally();
        assertThat(failed.handle((v, e) -> e).join()).isInstanceOf(LedgerException.class);
        ledger.append("x.y", Map.of("ok", true)).join();
        assertThat(ledger).verifies().hasSize(1);
        assertThat(ledger.tail(5)).hasSize(1);
        assertThat(ledger.read(2, 10)).isEmpty();
    }
}
