package dev.alexos.core.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerOptions;
import dev.alexos.core.ledger.VerifyReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -9} during appends under load, repeatedly: a child JVM appends from several
 * threads and prints every acknowledged entry; it is SIGKILLed after a random number of
 * acknowledgements (seeded; set {@code -Dalexos.ledger.crash.seed} to replay a run). After
 * each kill the ledger must reopen, verify, and hold every acknowledged entry unchanged.
 */
class LedgerCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerCrashIT.class);
    private static final int ROUNDS = 20;
    private static final int THREADS = 4;
    private static final long SEGMENT_BYTES = 256 * 1024;
    private static final Durability[] MODES = {Durability.GROUP, Durability.EVERY_APPEND, Durability.NONE};

    @TempDir
    Path dir;

    /** What the child printed for one acknowledged entry. */
    record Ack(String run, int thread, long i, String hash) {
    }

    @Test
    void acknowledgedEntriesSurviveRepeatedKills() throws Exception {
        long seed = Long.getLong("alexos.ledger.crash.seed", System.currentTimeMillis());
        LOG.info("ledger crash test: seed {} (replay with -Dalexos.ledger.crash.seed={})", seed, seed);
        Random random = new Random(seed);
        Map<Long, Ack> acked = new ConcurrentHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Durability mode = MODES[round % MODES.length];
            int target = mode == Durability.EVERY_APPEND ? 5 + random.nextInt(150) : 20 + random.nextInt(2000);
            int roundAcks = runAndKill(round, mode, target, acked);
            LedgerOptions options = new LedgerOptions(mode, Duration.ofMillis(1), SEGMENT_BYTES);
            try (FileLedger ledger = FileLedger.open(dir, options, Clock.systemUTC())) {
                VerifyReport report = ledger.verify();
                LOG.info("round {} ({}): killed after {} acks (target {}); head {}, verify {}", round, mode,
                        roundAcks, target, ledger.headSeq(), report);
                assertThat(report.ok()).as("round %d (seed %d): %s", round, seed, report).isTrue();
                assertThat(ledger.isReadOnly()).isFalse();
                assertAllPresent(ledger, acked, round, seed);
            }
        }
        assertThat(acked).hasSizeGreaterThan(ROUNDS);
    }

    private int runAndKill(int round, Durability mode, int target, Map<Long, Ack> acked) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = dir.resolveSibling(dir.getFileName() + "-child-" + round + ".err");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LedgerCrashChild.class.getName(), dir.toString(), mode.name(), Integer.toString(THREADS),
                Long.toString(SEGMENT_BYTES), "r" + round)
                .redirectError(stderr.toFile());
        Process child = builder.start();
        AtomicInteger count = new AtomicInteger();
        Thread reader = new Thread(() -> readAcks(child, acked, count), "ack-reader-" + round);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                    .until(() -> count.get() >= target || !child.isAlive());
            assertThat(child.isAlive()).as("child died by itself: %s", readQuietly(stderr)).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor();
            reader.join();
            Files.deleteIfExists(stderr);
        }
        return count.get();
    }

    private static void readAcks(Process child, Map<Long, Ack> acked, AtomicInteger count) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                // A line cut by the kill has fewer fields or a short hash: it was not fully acknowledged.
                if (f.length != 6 || !f[0].equals("ACK") || f[5].length() != 64) {
                    continue;
                }
                Ack previous = acked.put(Long.parseLong(f[1]), new Ack(f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]), f[5]));
                assertThat(previous).as("seq %s acknowledged twice", f[1]).isNull();
                count.incrementAndGet();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertAllPresent(FileLedger ledger, Map<Long, Ack> acked, int round, long seed) {
        long max = acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(ledger.headSeq()).as("round %d (seed %d): head below an acknowledged seq", round, seed)
                .isGreaterThanOrEqualTo(max);
        for (long from = 1; from <= max; from += 10_000) {
            List<LedgerEntry> entries = ledger.read(from, 10_000);
            for (LedgerEntry e : entries) {
                Ack ack = acked.get(e.seq());
                if (ack == null) {
                    continue;
                }
                String what = "round " + round + " (seed " + seed + ") seq " + e.seq();
                assertThat(e.hash()).as(what).isEqualTo(ack.hash());
                assertThat(e.payload().get("run").asText()).as(what).isEqualTo(ack.run());
                assertThat(e.payload().get("thread").asInt()).as(what).isEqualTo(ack.thread());
                assertThat(e.payload().get("i").asLong()).as(what).isEqualTo(ack.i());
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
