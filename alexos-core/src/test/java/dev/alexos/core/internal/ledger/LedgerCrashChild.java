package dev.alexos.core.internal.ledger;

import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The process {@link LedgerCrashIT} kills: appends from several threads as fast as the ledger
 * acknowledges and prints {@code ACK <seq> <thread> <i> <hash>} for each acknowledged entry,
 * each line in a single unbuffered write, so the parent knows exactly what was acknowledged
 * before the SIGKILL.
 *
 * <p>Arguments: directory, durability, threads, segment bytes, run id.
 */
public final class LedgerCrashChild {
    private static final int IN_FLIGHT_PER_THREAD = 16;

    private LedgerCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        int threads = Integer.parseInt(args[2]);
        long segmentBytes = Long.parseLong(args[3]);
        String run = args[4];
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        FileLedger ledger = FileLedger.open(dir, new LedgerOptions(durability, Duration.ofMillis(1), segmentBytes),
                Clock.systemUTC());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> appendForever(ledger, out, run, thread), "appender-" + t);
            appender.start();
        }
    }

    private static void appendForever(FileLedger ledger, FileOutputStream out, String run, int thread) {
        Semaphore window = new Semaphore(IN_FLIGHT_PER_THREAD);
        for (long i = 0; ; i++) {
            window.acquireUninterruptibly();
            long n = i;
            ledger.append("crash.test", Map.of("run", run, "thread", thread, "i", n, "pad", "p".repeat((int) (n % 50))))
                    .whenComplete((entry, error) -> {
                        window.release();
                        if (error != null) {
                            error.printStackTrace();
                            System.exit(3);
                        }
                        byte[] line = ("ACK " + entry.seq() + " " + run + " " + thread + " " + n + " " + entry.hash() + "\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        synchronized (out) {
                            try {
                                out.write(line);
                            } catch (IOException e) {
                                System.exit(4);
                            }
                        }
                    });
        }
    }
}
