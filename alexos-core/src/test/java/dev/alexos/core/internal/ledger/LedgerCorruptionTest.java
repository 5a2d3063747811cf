package dev.alexos.core.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.LedgerOptions;
import dev.alexos.core.ledger.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-byte corruption anywhere is detected and named. Decision tested here: only an
 * incomplete tail is cut on open; a complete record that fails its checks — the last one
 * included — is damage: the files stay untouched, the ledger opens read-only and verify()
 * names the record's sequence number.
 */
class LedgerCorruptionTest {
    private static final long SEED = 20261123L;
    private static final LedgerOptions OPTIONS = FileLedgerTest.options(Durability.GROUP, 4096);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private List<LedgerEntry> acked;

    @BeforeEach
    void writeLedger() {
        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            List<LedgerEntry> out = new ArrayList<>();
            for (int i = 1; i <= 70; i++) {
                out.add(ledger.append("test.entry", Map.of("n", i, "pad", "x".repeat(i % 7))).join());
            }
            acked = out;
        }
    }

    @Test
    void everySingleByteFlipIsDetectedAndNamesTheDamagedSeq() throws IOException {
        Random random = new Random(SEED);
        List<Path> segments = SegmentBytes.segments(dir);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        long[] sizes = sizes(segments);
        int flips = 0;
        for (Path segment : segments) {
            List<Long> bounds = SegmentBytes.boundaries(segment);
            long firstSeq = Segment.firstSeqOf(segment).orElseThrow();
            for (int r = 0; r < bounds.size() - 1; r++) {
                long seq = firstSeq + r;
                for (long offset = bounds.get(r); offset < bounds.get(r + 1); offset++) {
                    byte original = SegmentBytes.readByte(segment, offset);
                    byte mask = (byte) (1 + random.nextInt(255));
                    SegmentBytes.writeByte(segment, offset, (byte) (original ^ mask));
                    String what = segment.getFileName() + " offset " + offset + " mask " + mask + " (seed " + SEED + ")";
                    try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
                        VerifyReport report = ledger.verify();
                        assertThat(report.ok()).as(what).isFalse();
                        assertThat(report.firstBadSeq()).as(what + ": " + report.problem()).isEqualTo(seq);
                        assertThat(report.entriesChecked()).as(what).isEqualTo(seq - 1);
                        assertThat(ledger.isReadOnly()).as(what).isTrue();
                        assertThat(sizes(segments)).as("nothing cut: " + what).isEqualTo(sizes);
                    }
                    SegmentBytes.writeByte(segment, offset, original);
                    flips++;
                }
            }
        }
        assertThat(flips).isEqualTo((int) java.util.Arrays.stream(sizes).sum());
        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            assertThat(ledger.verify().entriesChecked()).isEqualTo(70);
        }
    }

    @Test
    void aDamagedLedgerRefusesAppendsButStillReadsUpToTheDamage() throws IOException {
        Path first = SegmentBytes.segments(dir).get(0);
        List<Long> bounds = SegmentBytes.boundaries(first);
        long offset = bounds.get(2) + 40;
        SegmentBytes.writeByte(first, offset, (byte) (SegmentBytes.readByte(first, offset) ^ 1));

        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            assertThatThrownBy(() -> ledger.append("test.entry", Map.of()).join()).cause()
                    .isInstanceOf(LedgerException.class).hasMessageContaining("damaged at seq 3");
            assertThat(ledger.headSeq()).isEqualTo(2);
            assertThat(ledger.read(1, 10)).isEqualTo(acked.subList(0, 2));
        }
    }

    @Test
    void aForgedChecksumIsCaughtByTheHash() throws IOException {
        Path first = SegmentBytes.segments(dir).get(0);
        long start = SegmentBytes.boundaries(first).get(4);
        long offset = start + RecordFormat.HEADER + RecordFormat.OFF_TYPE + 1;
        SegmentBytes.writeByte(first, offset, (byte) 'X');
        SegmentBytes.fixChecksum(first, start);

        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            VerifyReport report = ledger.verify();
            assertThat(report.firstBadSeq()).isEqualTo(5);
            assertThat(report.problem()).contains("hash mismatch");
        }
    }

    @Test
    void aForgedHashBreaksTheLinkToTheNextEntry() throws IOException {
        Path first = SegmentBytes.segments(dir).get(0);
        long start = SegmentBytes.boundaries(first).get(4);
        SegmentBytes.writeByte(first, start + RecordFormat.HEADER + RecordFormat.OFF_TYPE + 1, (byte) 'X');
        SegmentBytes.fixHash(first, start);
        SegmentBytes.fixChecksum(first, start);

        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            VerifyReport report = ledger.verify();
            assertThat(report.firstBadSeq()).isEqualTo(6);
            assertThat(report.problem()).contains("chain broken");
        }
    }

    @Test
    void aMissingSegmentIsASequenceGap() throws IOException {
        Path second = SegmentBytes.segments(dir).get(1);
        long firstOfSecond = Segment.firstSeqOf(second).orElseThrow();
        Files.delete(second);

        try (FileLedger ledger = FileLedger.open(dir, OPTIONS, clock)) {
            VerifyReport report = ledger.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBadSeq()).isEqualTo(firstOfSecond);
        }
    }

    private static long[] sizes(List<Path> files) throws IOException {
        long[] out = new long[files.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Files.size(files.get(i));
        }
        return out;
    }
}
