package dev.alexos.core.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening cuts a torn tail (an interrupted, unacknowledged write) and continues the chain. */
class LedgerRecoveryTest {
    @TempDir
    Path dir;

    /** Recovery does not depend on the durability mode; NONE keeps the many reopenings fast. */
    private static final LedgerOptions OPTIONS = FileLedgerTest.options(Durability.NONE, 64L << 20);

    private final TestClock clock = new TestClock();

    @Test
    void everyPrefixOfTheLastRecordIsCutAndTheChainContinues() throws IOException {
        List<LedgerEntry> acked;
        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            acked = FileLedgerTest.appendAll(ledger, 1, 5);
        }
        Path segment = SegmentBytes.segments(dir).get(0);
        byte[] pristine = Files.readAllBytes(segment);
        List<Long> bounds = SegmentBytes.boundaries(segment);
        long lastStart = bounds.get(bounds.size() - 2);

        for (long cut = lastStart + 1; cut < pristine.length; cut++) {
            truncate(segment, cut);
            try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
                assertThat(ledger.isReadOnly()).as("cut at %d", cut).isFalse();
                assertThat(Files.size(segment)).as("cut at %d", cut).isEqualTo(lastStart);
                assertThat(ledger.headSeq()).isEqualTo(4);
                assertThat(ledger.verify().ok()).isTrue();
                LedgerEntry next = ledger.append("test.after_crash", Map.of("cut", cut)).join();
                assertThat(next.seq()).isEqualTo(5);
                assertThat(next.prevHash()).isEqualTo(acked.get(3).hash());
                assertThat(ledger.verify().entriesChecked()).isEqualTo(5);
            }
            Files.write(segment, pristine);
        }
    }

    @Test
    void aZeroFilledTailIsCut() throws IOException {
        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            FileLedgerTest.appendAll(ledger, 1, 3);
        }
        Path segment = SegmentBytes.segments(dir).get(0);
        long size = Files.size(segment);
        Files.write(segment, new byte[5000], StandardOpenOption.APPEND);

        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            assertThat(ledger.isReadOnly()).isFalse();
            assertThat(Files.size(segment)).isEqualTo(size);
            assertThat(ledger.verify().entriesChecked()).isEqualTo(3);
        }
    }

    @Test
    void anEmptyNewestSegmentIsContinued() throws IOException {
        try (FileLedger ledger = FileLedger.open(dir, FileLedgerTest.options(Durability.GROUP, 4096),
                clock)) {
            FileLedgerTest.appendAll(ledger, 1, 60);
        }
        List<Path> segments = SegmentBytes.segments(dir);
        Path last = segments.get(segments.size() - 1);
        long firstOfLast = Segment.firstSeqOf(last).orElseThrow();
        truncate(last, 0);

        try (FileLedger ledger = FileLedger.open(dir, FileLedgerTest.options(Durability.GROUP, 4096),
                clock)) {
            assertThat(ledger.headSeq()).isEqualTo(firstOfLast - 1);
            assertThat(ledger.append("test.entry", Map.of()).join().seq()).isEqualTo(firstOfLast);
            assertThat(ledger.verify().ok()).isTrue();
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
