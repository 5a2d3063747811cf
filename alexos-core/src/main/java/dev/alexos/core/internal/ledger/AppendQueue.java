package dev.alexos.core.internal.ledger;

import dev.alexos.core.ledger.LedgerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands appends to the single writer. Appenders add to a list under a lock; the writer swaps
 * the whole list out in one step, so a batch costs one lock hand-over however large it is.
 *
 * <p>Once {@link #refuse refused} (closed or failed) no append is accepted, and the check
 * happens under the same lock as the add, so none can slip in after the writer's last batch.
 *
 * <p>Thread-safe.
 */
final class AppendQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private ArrayList<Pending> pending = new ArrayList<>();
    private LedgerException refusal;
    private boolean writerWaiting;

    /** Adds an append; returns null, or the reason it is refused. */
    LedgerException offer(Pending p) {
        lock.lock();
        try {
            if (refusal != null) {
                return refusal;
            }
            pending.add(p);
            if (writerWaiting) {
                ready.signal();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses all later appends; appends already queued are still handed out by {@link #take}. */
    void refuse(LedgerException reason) {
        lock.lock();
        try {
            if (refusal == null) {
                refusal = reason;
            }
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued, removing it (used to fail the rest after a write error). */
    List<Pending> drain() {
        lock.lock();
        try {
            List<Pending> out = pending;
            pending = new ArrayList<>();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch: blocks until at least one append is queued, then — when
     * {@code maxDelayNanos > 0} — waits until {@code target} appends are queued or the oldest
     * has waited {@code maxDelayNanos}, whichever comes first.
     *
     * @return the batch, or null once refused and empty
     */
    List<Pending> take(long maxDelayNanos, int target) throws InterruptedException {
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (refusal != null) {
                    return null;
                }
                writerWaiting = true;
                ready.await();
                writerWaiting = false;
            }
            if (maxDelayNanos > 0) {
                long deadline = pending.get(0).enqueuedNanos() + maxDelayNanos;
                while (pending.size() < target && refusal == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    writerWaiting = true;
                    ready.await(left, TimeUnit.NANOSECONDS);
                    writerWaiting = false;
                }
            }
            List<Pending> batch = pending;
            pending = new ArrayList<>(Math.max(16, batch.size()));
            return batch;
        } finally {
            writerWaiting = false;
            lock.unlock();
        }
    }
}
