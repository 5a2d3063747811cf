package dev.alexos.core.internal.event;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small shared pool that runs subscriber mailboxes.
 *
 * <p>A mailbox is submitted when it turns non-empty and runs on one worker at a time (the
 * mailbox guarantees that, see {@link Mailbox}). Idle workers spin for
 * {@link BusSettings#spin()} before parking, so a steady stream of events is handed over
 * without a system call; a parked worker is woken by {@link #submit} only when no worker is
 * spinning. The spin busy-waits for a few microseconds only, then yields between looks: on a
 * machine with fewer free cores than spinning threads, a pure busy-wait kept the publisher off
 * the core and every hand-off cost a whole spin period.
 *
 * <p>A listener that blocks holds its worker. A watchdog thread checks every 10 ms while
 * listeners run (every 100 ms when the bus is quiet):
 * when work is waiting and every worker has been inside one mailbox longer than
 * {@link BusSettings#stuckAfter()}, it starts one more worker (up to
 * {@link BusSettings#maxWorkers()}). Extra workers stop again after a second without work. So
 * there is no thread per subscriber, yet a blocked listener cannot starve the others.
 *
 * <p>Threads are daemons named {@code alexos-bus-<id>-worker-<n>} and
 * {@code alexos-bus-<id>-watchdog}. Thread-safe.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long WATCHDOG_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long WATCHDOG_IDLE_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Pure busy-wait turns (a few microseconds) before the spin starts yielding. */
    private static final int BUSY_SPINS = 256;
    private static final long EXTRA_WORKER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final BusSettings settings;
    private final ConcurrentLinkedQueue<Runnable> runQueue = new ConcurrentLinkedQueue<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger spinning = new AtomicInteger();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final Thread watchdog;
    private volatile boolean running = true;

    Dispatcher(String name, BusSettings settings) {
        this.name = name;
        this.settings = settings;
        for (int i = 0; i < settings.workers(); i++) {
            startWorker(true);
        }
        watchdog = new Thread(this::watch, name + "-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Queues a task; wakes a parked worker unless one is spinning and will find it. */
    void submit(Runnable task) {
        runQueue.offer(task);
        if (spinning.get() == 0) {
            wakeOne();
        }
    }

    /** Workers alive now (core and extra). */
    int workerCount() {
        return workers.size();
    }

    /** True when the calling thread is one of this dispatcher's workers. */
    boolean isWorkerThread() {
        Thread current = Thread.currentThread();
        for (Worker w : workers) {
            if (w.thread == current) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the workers: each finishes its current task and exits; a worker still inside a
     * listener after {@code grace} is interrupted (it exits when the listener returns).
     */
    void shutdown(long graceNanos) {
        running = false;
        watchdog.interrupt();
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
        long deadline = System.nanoTime() + graceNanos;
        for (Worker w : workers) {
            if (w.thread == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (w.thread.isAlive()) {
                w.thread.interrupt();
            }
        }
        // what the workers left behind (e.g. an onCancelled notification) runs here
        for (Runnable task; (task = runQueue.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("event bus task failed during shutdown", e);
            }
        }
    }

    private void startWorker(boolean core) {
        Worker w = new Worker(core);
        w.thread = new Thread(() -> work(w), name + "-worker-" + workerNumbers.getAndIncrement());
        w.thread.setDaemon(true);
        workers.add(w);
        w.thread.start();
    }

    private void wakeOne() {
        for (Worker w : workers) {
            if (w.parked && w.claimWake()) {
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    private void work(Worker self) {
        long spinNanos = settings.spin().toNanos();
        long idleSince = System.nanoTime();
        try {
            while (running) {
                Runnable task = runQueue.poll();
                if (task == null && spinNanos > 0) {
                    task = spinFor(spinNanos);
                }
                if (task != null) {
                    run(self, task);
                    idleSince = System.nanoTime();
                    continue;
                }
                if (!running) {
                    return;
                }
                if (!self.core && System.nanoTime() - idleSince > EXTRA_WORKER_IDLE_NANOS) {
                    return; // an extra worker added while listeners blocked: no longer needed
                }
                self.parked = true;
                // re-check after announcing: a submit that saw no spinner and no parked worker
                // has already put its task where this poll finds it
                task = runQueue.poll();
                if (task != null) {
                    self.parked = false;
                    run(self, task);
                    idleSince = System.nanoTime();
                    continue;
                }
                LockSupport.parkNanos(this, EXTRA_WORKER_IDLE_NANOS);
                self.parked = false;
            }
        } finally {
            workers.remove(self);
        }
    }

    private Runnable spinFor(long spinNanos) {
        spinning.incrementAndGet();
        try {
            long deadline = System.nanoTime() + spinNanos;
            int i = 0;
            while (running) {
                if (!runQueue.isEmpty()) {
                    Runnable task = runQueue.poll();
                    if (task != null) {
                        return task;
                    }
                }
                if (++i < BUSY_SPINS) {
                    Thread.onSpinWait();
                } else {
                    // past a few microseconds, offer the core: when the machine has fewer free
                    // cores than spinning threads, the publisher may be waiting for this one
                    Thread.yield();
                }
                // nanoTime costs ~20 ns: look at the clock every 16 turns only
                if ((i & 15) == 0 && System.nanoTime() - deadline > 0) {
                    return null;
                }
            }
            return null;
        } finally {
            spinning.decrementAndGet();
        }
    }

    private void run(Worker self, Runnable task) {
        self.busySince = System.nanoTime() | 1; // never 0, which means idle
        try {
            task.run();
        } catch (Throwable t) {
            // mailboxes catch listener failures themselves; this is a bug in the bus
            log.error("event bus task failed on {}", Thread.currentThread().getName(), t);
        } finally {
            self.busySince = 0;
            if (Thread.interrupted() && !running) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch() {
        long stuckNanos = settings.stuckAfter().toNanos();
        long tick = WATCHDOG_TICK_NANOS;
        while (running) {
            LockSupport.parkNanos(this, tick);
            if (!running || Thread.interrupted()) {
                return;
            }
            // a quiet bus should not wake a hundred times a second: back off to 100 ms while no
            // worker is inside a listener (a listener that then blocks is seen one tick later)
            tick = anyBusy() ? WATCHDOG_TICK_NANOS : Math.min(tick * 2, WATCHDOG_IDLE_TICK_NANOS);
            if (runQueue.isEmpty() || spinning.get() > 0) {
                continue;
            }
            long now = System.nanoTime();
            boolean allStuck = true;
            for (Worker w : workers) {
                long since = w.busySince;
                if (since == 0 || now - since < stuckNanos) {
                    allStuck = false;
                    break;
                }
            }
            if (allStuck && workers.size() < settings.maxWorkers()) {
                log.debug("{}: all {} workers are inside slow listeners; adding one", name, workers.size());
                startWorker(false);
            } else if (!allStuck) {
                wakeOne(); // a parked worker missed a wake-up: cheap insurance
            }
        }
    }

    private boolean anyBusy() {
        for (Worker w : workers) {
            if (w.busySince != 0) {
                return true;
            }
        }
        return !runQueue.isEmpty();
    }

    private static final class Worker {
        final boolean core;
        Thread thread;
        volatile boolean parked;
        volatile long busySince;

        Worker(boolean core) {
            this.core = core;
        }

        boolean claimWake() {
            // several submitters may race to wake the same worker: one unpark is enough
            if (!parked) {
                return false;
            }
            parked = false;
            return true;
        }
    }
}
