package dev.alexos.core.internal.ledger;

import dev.alexos.core.ledger.LedgerEntry;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Completes append futures on its own thread, in sequence order, so that callers' dependent
 * stages never run on (and never delay) the writer, which meanwhile writes the next batch.
 *
 * <p>Thread-safe; one instance per ledger.
 */
final class Completer implements Runnable {
    private record Durable(List<Pending> batch, int from, int to, LedgerEntry[] entries) {
    }

    private static final Durable END = new Durable(List.of(), 0, 0, new LedgerEntry[0]);

    private final LinkedBlockingQueue<Durable> queue = new LinkedBlockingQueue<>();

    /** Completes {@code batch[from, to)} with {@code entries[from, to)}, which are durable. */
    void durable(List<Pending> batch, int from, int to, LedgerEntry[] entries) {
        queue.add(new Durable(batch, from, to, entries));
    }

    /** Completes what is queued, then stops the thread. */
    void finish() {
        queue.add(END);
    }

    @Override
    public void run() {
        while (true) {
            Durable d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                // Only close() interrupts, after finish(): keep completing what is queued.
                continue;
            }
            if (d == END) {
                return;
            }
            for (int i = d.from(); i < d.to(); i++) {
                d.batch().get(i).future().complete(d.entries()[i]);
            }
        }
    }
}
