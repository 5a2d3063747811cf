package dev.alexos.chainbot.internal.workflow;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** CompletableFuture plumbing: bounded fan-out without recursion, timeouts on the Scheduler, cancel propagation. */
final class Futures {
    private Futures() {
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * {@code src.thenCompose(fn)} whose cancellation reaches both {@code src} and the future
     * {@code fn} returned (plain CompletableFuture dependents cancel neither).
     */
    static <A, B> CompletableFuture<B> linked(CompletableFuture<A> src, Function<A, CompletableFuture<B>> fn) {
        CompletableFuture<B> out = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<B>> inner = new java.util.concurrent.atomic.AtomicReference<>();
        src.whenComplete((a, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
                return;
            }
            CompletableFuture<B> in;
            try {
                in = fn.apply(a);
            } catch (RuntimeException t) {
                out.completeExceptionally(t);
                return;
            }
            inner.set(in);
            if (out.isCancelled()) {
                in.cancel(true);
                return;
            }
            in.whenComplete((b, e2) -> {
                if (e2 != null) {
                    out.completeExceptionally(unwrap(e2));
                } else {
                    out.complete(b);
                }
            });
        });
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                src.cancel(true);
                CompletableFuture<B> in = inner.get();
                if (in != null) {
                    in.cancel(true);
                }
            }
        });
        return out;
    }

    /**
     * Fails with {@link TimeoutException} after {@code limit} on the scheduler (a virtual clock in
     * tests) and cancels {@code work}. {@code limit == null}: {@code work} itself.
     */
    static <T> CompletableFuture<T> timeout(CompletableFuture<T> work, Duration limit, Scheduler scheduler, String what) {
        if (limit == null) {
            return work;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        Cancellable timer = scheduler.schedule(limit, () -> {
            if (out.completeExceptionally(new TimeoutException(what + " timed out after " + Durations.format(limit)))) {
                work.cancel(true);
            }
        });
        work.whenComplete((v, e) -> {
            timer.cancel();
            if (e != null) {
                out.completeExceptionally(unwrap(e));
            } else {
                out.complete(v);
            }
        });
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                work.cancel(true);
            }
        });
        return out;
    }

    /**
     * Runs {@code count} tasks, at most {@code limit} at a time, in index order. After a failure
     * no new task starts; the result completes once the started ones are done, with the first
     * failure. Tasks that complete synchronously do not grow the stack (a drain loop, not recursion).
     */
    static CompletableFuture<Void> bounded(int count, int limit, IntFunction<CompletableFuture<?>> task) {
        // a graph without edges: every index is ready at once, and the ready queue keeps index order
        List<Integer> indexes = IntStream.range(0, count).boxed().toList();
        return new Graph<Integer>(indexes, Map.of(), limit, task::apply).start();
    }

    /**
     * Runs a DAG: each id starts once all its dependencies have finished, at most {@code limit}
     * at a time. After a failure no new node starts; completes with the first failure once the
     * started ones are done.
     */
    static CompletableFuture<Void> graph(List<String> ids, Map<String, List<String>> deps, int limit,
            Function<String, CompletableFuture<?>> task) {
        return new Graph<>(ids, deps, limit, task).start();
    }

    /** Runs nodes as their dependencies finish, at most {@code limit} at a time, in the order they become ready. */
    private static final class Graph<T> {
        private final Map<T, Integer> waiting = new HashMap<>();
        private final Map<T, List<T>> dependents = new HashMap<>();
        private final ArrayDeque<T> ready = new ArrayDeque<>();
        private final int total;
        private final int limit;
        private final Function<T, CompletableFuture<?>> task;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private final AtomicInteger wip = new AtomicInteger();
        private int running;
        private int finished;
        private Throwable failure;

        Graph(List<T> ids, Map<T, List<T>> deps, int limit, Function<T, CompletableFuture<?>> task) {
            this.total = ids.size();
            this.limit = Math.max(1, limit);
            this.task = task;
            for (T id : ids) {
                List<T> d = deps.getOrDefault(id, List.of());
                waiting.put(id, d.size());
                d.forEach(x -> dependents.computeIfAbsent(x, k -> new ArrayList<>()).add(id));
                if (d.isEmpty()) {
                    ready.add(id);
                }
            }
        }

        CompletableFuture<Void> start() {
            if (total == 0) {
                result.complete(null);
            } else {
                drain();
            }
            return result;
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                while (true) {
                    T id;
                    synchronized (this) {
                        if (failure != null || ready.isEmpty() || running >= limit) {
                            break;
                        }
                        id = ready.poll();
                        running++;
                    }
                    CompletableFuture<?> f;
                    try {
                        f = task.apply(id);
                    } catch (RuntimeException e) {
                        f = CompletableFuture.failedFuture(e);
                    }
                    f.whenComplete((v, e) -> done(id, e));
                }
                boolean complete;
                Throwable fail;
                synchronized (this) {
                    complete = running == 0 && (failure != null || finished == total);
                    fail = failure;
                }
                if (complete) {
                    if (fail != null) {
                        result.completeExceptionally(fail);
                    } else {
                        result.complete(null);
                    }
                }
            } while (wip.decrementAndGet() != 0);
        }

        private void done(T id, Throwable e) {
            synchronized (this) {
                running--;
                finished++;
                if (e != null && failure == null) {
                    failure = unwrap(e);
                }
                for (T n : dependents.getOrDefault(id, List.of())) {
                    if (waiting.merge(n, -1, Integer::sum) == 0) {
                        ready.add(n);
                    }
                }
            }
            drain();
        }
    }

    static boolean isCancellation(Throwable t) {
        return unwrap(t) instanceof CancellationException;
    }
}
