package dev.alexos.chainbot.internal.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between the engine's threads and the store's single writer, built to cost little
 * per write: a producer wakes the writer only when it must act now (an urgent write, a full
 * batch, or the first write after idling); lazy writes otherwise gather for a short window and
 * are taken as one batch. With a thread wake-up costing several microseconds on each side, a
 * run of pure steps would otherwise pay one per step.
 */
final class WriteQueue<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final int maxBatch;
    private final long lazyWindowNanos;
    // guarded by lock
    private List<T> pending = new ArrayList<>();
    private boolean urgent;
    private boolean idle;
    private boolean gathering;
    private boolean closed;

    /**
     * @param maxBatch a batch this large is taken at once
     * @param lazyWindowNanos how long a batch of only lazy writes may gather
     */
    WriteQueue(int maxBatch, long lazyWindowNanos) {
        this.maxBatch = maxBatch;
        this.lazyWindowNanos = lazyWindowNanos;
    }

    /** Queues {@code op}; {@code now}: the writer takes it without waiting for more. False once closed. */
    boolean add(T op, boolean now) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            pending.add(op);
            urgent |= now;
            if (idle || (gathering && (now || pending.size() >= maxBatch))) {
                wake.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the last op, taken at once; later {@link #add}s are refused. False if already closed. */
    boolean close(T last) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            pending.add(last);
            urgent = true;
            closed = true;
            wake.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer's next batch. Blocks while the queue is empty — for at most {@code idleNanos}
     * if that is positive (then the batch may be empty: time to sync what was written), else
     * until something arrives. A batch of only lazy writes is first given the lazy window to grow.
     */
    List<T> take(long idleNanos) throws InterruptedException {
        lock.lock();
        try {
            if (pending.isEmpty()) {
                idle = true;
                try {
                    long left = idleNanos;
                    while (pending.isEmpty() && (idleNanos <= 0 || left > 0)) {
                        if (idleNanos > 0) {
                            left = wake.awaitNanos(left);
                        } else {
                            wake.await();
                        }
                    }
                } finally {
                    idle = false;
                }
            }
            if (!pending.isEmpty() && !urgent && pending.size() < maxBatch) {
                gathering = true;
                try {
                    wake.awaitNanos(lazyWindowNanos); // an urgent write or a full batch cuts this short
                } finally {
                    gathering = false;
                }
            }
            List<T> batch = pending;
            pending = new ArrayList<>();
            urgent = false;
            return batch;
        } finally {
            lock.unlock();
        }
    }
}
