package dev.alexos.core.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.LedgerOptions;
import dev.alexos.core.ledger.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileLedgerTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    static LedgerOptions options(Durability durability, long segmentBytes) {
        return new LedgerOptions(durability, Duration.ofMillis(1), segmentBytes);
    }

    static List<LedgerEntry> appendAll(FileLedger ledger, int from, int n) {
        List<CompletableFuture<LedgerEntry>> futures = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            futures.add(ledger.append("test.entry", Map.of("n", i, "text", "entry number " + i)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void appendedEntriesReadBackIdenticallyAndChain() {
        try (FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            assertThat(ledger.headSeq()).isZero();
            assertThat(ledger.headHash()).isEqualTo(LedgerEntry.GENESIS_HASH);
            assertThat(ledger.verify()).isEqualTo(new VerifyReport(true, 0, LedgerEntry.GENESIS_HASH, null, null));

            List<LedgerEntry> acked = appendAll(ledger, 1, 10);

            assertThat(acked).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(ledger.read(1, 100)).isEqualTo(acked);
            assertThat(ledger.headSeq()).isEqualTo(10);
            assertThat(ledger.headHash()).isEqualTo(acked.get(9).hash());
            assertThat(LedgerChain.verifyChain(acked).ok()).isTrue();
            LedgerEntry third = acked.get(2);
            assertThat(third.hash()).isEqualTo(LedgerChain.hash(3, third.time(), "test.entry",
                    LedgerChain.canonicalJson(Map.of("n", 3, "text", "entry number 3")), acked.get(1).hash()));
            assertThat(ledger.verify()).isEqualTo(new VerifyReport(true, 10, acked.get(9).hash(), null, null));
        }
    }

    @Test
    void readAndTailRespectBoundsAndLimits() {
        try (FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            appendAll(ledger, 1, 10);
            assertThat(ledger.read(0, 3)).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L);
            assertThat(ledger.read(8, 10)).extracting(LedgerEntry::seq).containsExactly(8L, 9L, 10L);
            assertThat(ledger.read(11, 5)).isEmpty();
            assertThat(ledger.read(5, 0)).isEmpty();
            assertThat(ledger.tail(3)).extracting(LedgerEntry::seq).containsExactly(8L, 9L, 10L);
            assertThat(ledger.tail(100)).hasSize(10);
            assertThat(ledger.tail(0)).isEmpty();
            assertThatThrownBy(() -> ledger.read(1, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readsUseTheSparseIndexWithinALargeSegment() {
        try (FileLedger ledger = FileLedger.open(dir, options(Durability.NONE, 64L << 20), clock)) {
            List<LedgerEntry> acked = appendAll(ledger, 1, 1000);
            for (long from : new long[] {1, 127, 128, 129, 256, 257, 700, 999, 1000}) {
                assertThat(ledger.read(from, 3)).isEqualTo(acked.subList((int) from - 1, (int) Math.min(1000, from + 2)));
            }
        }
    }

    @Test
    void rotatesSegmentsAndReadsAcrossThem() throws Exception {
        try (FileLedger ledger = FileLedger.open(dir, options(Durability.GROUP, 4096), clock)) {
            List<LedgerEntry> acked = appendAll(ledger, 1, 300);
            assertThat(segmentFiles()).hasSizeGreaterThan(5);
            for (Path seg : segmentFiles()) {
                assertThat(Files.size(seg)).isLessThanOrEqualTo(4096);
            }
            assertThat(ledger.read(1, 1000)).isEqualTo(acked);
            assertThat(ledger.read(150, 40)).isEqualTo(acked.subList(149, 189));
            assertThat(ledger.verify().ok()).isTrue();
        }
        try (FileLedger reopened = FileLedger.open(dir, options(Durability.GROUP, 4096), clock)) {
            assertThat(reopened.verify()).extracting(VerifyReport::ok, VerifyReport::entriesChecked).containsExactly(true, 300L);
        }
    }

    @Test
    void reopeningContinuesTheChain() {
        List<LedgerEntry> first;
        try (FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            first = appendAll(ledger, 1, 5);
        }
        try (FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            assertThat(ledger.headSeq()).isEqualTo(5);
            assertThat(ledger.headHash()).isEqualTo(first.get(4).hash());
            LedgerEntry sixth = ledger.append("test.entry", Map.of("n", 6)).join();
            assertThat(sixth.seq()).isEqualTo(6);
            assertThat(sixth.prevHash()).isEqualTo(first.get(4).hash());
            assertThat(ledger.read(1, 10)).startsWith(first.toArray(LedgerEntry[]::new)).hasSize(6);
            assertThat(ledger.verify().ok()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void concurrentAppendersGetDistinctGaplessSequenceNumbers(Durability durability) throws Exception {
        int threads = 8;
        int perThread = durability == Durability.EVERY_APPEND ? 25 : 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FileLedger ledger = FileLedger.open(dir, options(durability, 16 * 1024), clock)) {
            List<Future<List<LedgerEntry>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<LedgerEntry> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ledger.append("test.concurrent", Map.of("thread", thread, "i", i)).join());
                    }
                    return mine;
                }));
            }
            List<LedgerEntry> all = new ArrayList<>();
            for (Future<List<LedgerEntry>> r : results) {
                all.addAll(r.get());
            }
            assertThat(all).extracting(LedgerEntry::seq).doesNotHaveDuplicates()
                    .allMatch(seq -> seq >= 1 && seq <= (long) threads * perThread);
            assertThat(ledger.headSeq()).isEqualTo((long) threads * perThread);
            List<LedgerEntry> read = ledger.read(1, threads * perThread);
            assertThat(read).containsExactlyInAnyOrderElementsOf(all);
            assertThat(ledger.verify().ok()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        try (FileLedger reopened = FileLedger.open(dir, options(durability, 16 * 1024), clock)) {
            assertThat(reopened.verify().entriesChecked()).isEqualTo((long) threads * perThread);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"GROUP", "NONE"})
    void verifyAndReadsSeeAConsistentPrefixWhileAppendsAndRotationsRun(Durability durability) {
        try (FileLedger ledger = FileLedger.open(dir, options(durability, 4096), clock)) {
            List<CompletableFuture<LedgerEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(ledger.append("test.entry", Map.of("n", i)));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
            long lastChecked = 0;
            int rounds = 0;
            do {
                VerifyReport report = ledger.verify();
                assertThat(report.ok()).as("%s", report).isTrue();
                assertThat(report.entriesChecked()).isGreaterThanOrEqualTo(lastChecked);
                lastChecked = report.entriesChecked();
                List<LedgerEntry> tail = ledger.tail(5);
                if (!tail.isEmpty()) {
                    assertThat(tail.get(tail.size() - 1).seq()).isGreaterThanOrEqualTo(lastChecked);
                }
                rounds++;
            } while (!all.isDone());
            assertThat(rounds).isPositive();
            assertThat(ledger.verify().entriesChecked()).isEqualTo(2000);
        }
    }

    @Test
    void everyAppendIsDurableWhenAppendReturns() {
        try (FileLedger ledger = FileLedger.open(dir, options(Durability.EVERY_APPEND, 4096), clock)) {
            CompletableFuture<LedgerEntry> future = ledger.append("test.entry", Map.of("n", 1));
            assertThat(future).isCompletedWithValueMatching(e -> e.seq() == 1);
            assertThat(ledger.headSeq()).isEqualTo(1);
        }
        try (FileLedger ledger = FileLedger.open(dir, options(Durability.EVERY_APPEND, 4096), clock)) {
            assertThat(ledger.read(1, 1)).singleElement().extracting(LedgerEntry::seq).isEqualTo(1L);
            ledger.close();
            assertThatThrownBy(() -> ledger.append("test.entry", Map.of()).join()).cause()
                    .isInstanceOf(LedgerException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void largePayloadsAreWrittenReadAndRecovered() {
        List<LedgerEntry> acked;
        try (FileLedger ledger = FileLedger.open(dir, options(Durability.GROUP, 4096), clock)) {
            acked = List.of(
                    ledger.append("test.small", Map.of("n", 1)).join(),
                    ledger.append("test.large", Map.of("blob", "a".repeat(200_000))).join(),
                    ledger.append("test.larger", Map.of("blob", "b".repeat(2_500_000))).join(),
                    ledger.append("test.small", Map.of("n", 4)).join());
            assertThat(ledger.read(1, 10)).isEqualTo(acked);
            CompletableFuture<LedgerEntry> tooLarge = ledger.append("test.huge", Map.of("blob", "c".repeat(17 << 20)));
            assertThatThrownBy(tooLarge::join).cause().isInstanceOf(LedgerException.class)
                    .hasMessageContaining("exceeds");
        }
        try (FileLedger ledger = FileLedger.open(dir, options(Durability.GROUP, 4096), clock)) {
            assertThat(ledger.verify().entriesChecked()).isEqualTo(4);
            assertThat(ledger.tail(2)).isEqualTo(acked.subList(2, 4));
        }
    }

    /** A bean whose getter fails: Jackson cannot serialize it. */
    public static final class Unserializable {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    @Test
    void unserializablePayloadFailsWithItsTypeAndTheLedgerCarriesOn() {
        try (FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            CompletableFuture<LedgerEntry> failed = ledger.append("test.bad", new Unserializable());
            assertThatThrownBy(failed::join)
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(LedgerException.class)
                    .hasMessageContaining(Unserializable.class.getName())
                    .hasMessageContaining("test.bad");
            assertThat(ledger.append("test.good", Map.of()).join().seq()).isEqualTo(1);
            assertThatThrownBy(() -> ledger.append(" ", Map.of()).join()).cause()
                    .isInstanceOf(LedgerException.class).hasMessageContaining("type");
        }
    }

    @Test
    void closeCompletesQueuedAppendsThenRefusesNewOnes() {
        FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock);
        List<CompletableFuture<LedgerEntry>> queued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            queued.add(ledger.append("test.entry", Map.of("n", i)));
        }
        ledger.close();
        assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> ledger.append("test.entry", Map.of()).join()).cause()
                .isInstanceOf(LedgerException.class).hasMessageContaining("closed");
        ledger.close();
        try (FileLedger reopened = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            assertThat(reopened.headSeq()).isEqualTo(200);
        }
    }

    @Test
    void aDirectoryCanBeOpenedByOneLedgerAtATime() {
        try (FileLedger ledger = FileLedger.open(dir, LedgerOptions.defaults(), clock)) {
            assertThatThrownBy(() -> FileLedger.open(dir, LedgerOptions.defaults(), clock))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("already open");
            assertThat(ledger.isReadOnly()).isFalse();
        }
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
