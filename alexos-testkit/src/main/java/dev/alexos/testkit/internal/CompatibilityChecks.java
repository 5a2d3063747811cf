package dev.alexos.testkit.internal;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentState;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.testkit.AgentTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The checks of the agent compatibility kit, as plain methods that throw {@link AssertionError},
 * so that both the JUnit base class and the plugin fixture run the same ones.
 */
public final class CompatibilityChecks {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(key|token|secret|password|passwd|credential).*");
    private static final int CYCLES = 3;

    /**
     * What is checked.
     *
     * @param agents makes the agent (may return the same instance each time: agents must be restartable)
     * @param module the module whose topic prefix the agent must use
     * @param config its configuration section
     * @param exercise makes it do its work once started (e.g. advance the clock)
     * @param longRunningTask a task that does not finish by itself at once, or null
     * @param busDeadline how long (real time) a listener may hold a publisher before it counts as blocking
     */
    public record Subject(Supplier<Agent> agents, String module, Map<String, ?> config, Consumer<AgentTestKit> exercise,
            Task longRunningTask, Duration busDeadline) {
        public Subject {
            Objects.requireNonNull(agents, "agents");
            Objects.requireNonNull(module, "module");
            config = Map.copyOf(config);
            Objects.requireNonNull(exercise, "exercise");
            Objects.requireNonNull(busDeadline, "busDeadline");
        }
    }

    private CompatibilityChecks() {
    }

    private static AgentTestKit kit(Subject s, boolean failOnBackground) {
        return AgentTestKit.builder().module(s.module()).config(s.config()).failOnBackgroundErrors(failOnBackground)
                .build();
    }

    /** Starts, works, stops; afterwards holds no subscription and no scheduled work, and publishes nothing more. */
    public static void startsAndStopsCleanly(Subject s) {
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            AgentInfo info = kit.start(agent);
            check(info.state() == AgentState.RUNNING, "expected agent '%s' to be running after start but it was %s",
                    info.id(), info.state());
            s.exercise().accept(kit);
            kit.stop();
            requireReleased(kit, info.id(), "stop");
            long after = kit.events().lastSeq();
            kit.advance(Duration.ofHours(1));
            List<Event> late = kit.events().events().stream()
                    .filter(e -> e.seq() > after && e.source().equals(info.id())).toList();
            check(late.isEmpty(), "agent '%s' published %d event(s) after it was stopped, e.g. %s", info.id(),
                    late.size(), late.isEmpty() ? "" : late.get(0).topic());
        }
    }

    /** Three start/stop cycles of the same instance, each clean. */
    public static void startsAndStopsRepeatedly(Subject s) {
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            for (int i = 1; i <= CYCLES; i++) {
                AgentInfo info = kit.register(agent);
                check(info.state() == AgentState.RUNNING, "start #%d of agent '%s' left it %s: %s", i, info.id(),
                        info.state(), info.error());
                s.exercise().accept(kit);
                check(kit.agents().unregister(info.id()), "agent '%s' vanished from the registry", info.id());
                requireReleased(kit, info.id(), "stop #" + i);
            }
        }
    }

    /** {@code stop()} without {@code start()}, and twice after it, never throws. */
    public static void stopIsIdempotent(Subject s) {
        Agent fresh = s.agents().get();
        try {
            fresh.stop();
        } catch (RuntimeException e) {
            throw new AssertionError("stop() before start() threw " + e, e);
        }
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            kit.start(agent);
            kit.stop();
            try {
                agent.stop();
                agent.stop();
            } catch (RuntimeException e) {
                throw new AssertionError("a second stop() threw " + e + "; stop must be idempotent", e);
            }
        }
    }

    /** The id is not blank and stays the same before and after start. */
    public static void descriptorIsStable(Subject s) {
        Agent agent = s.agents().get();
        AgentDescriptor before = agent.descriptor();
        check(before != null, "descriptor() returned null");
        try (AgentTestKit kit = kit(s, true)) {
            kit.start(agent);
            AgentDescriptor after = agent.descriptor();
            check(before.id().equals(after.id()), "descriptor id changed from '%s' to '%s' on start", before.id(),
                    after.id());
        }
    }

    /** Health is given (not null, not thrown) while running, and its details serialize to JSON. */
    public static void reportsHealth(Subject s) {
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            kit.start(agent);
            s.exercise().accept(kit);
            Health h;
            try {
                h = agent.health();
            } catch (RuntimeException e) {
                throw new AssertionError("health() threw " + e, e);
            }
            check(h != null, "health() returned null while running");
            try {
                Json.mapper().writeValueAsString(h);
            } catch (Exception e) {
                throw new AssertionError("health details of agent cannot be written as JSON: " + e.getMessage(), e);
            }
        }
    }

    /** An unknown action fails the future with {@link UnsupportedTaskException}, not a thrown exception or a hang. */
    public static void rejectsUnknownActions(Subject s) {
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            kit.start(agent);
            CompletableFuture<TaskResult> f;
            try {
                f = agent.handle(Task.of("alexos_compat.no_such_action", Json.object()));
            } catch (RuntimeException e) {
                throw new AssertionError("handle() threw " + e + " for an unknown action; return a failed future", e);
            }
            check(f != null, "handle() returned null for an unknown action");
            kit.clock().runDue();
            check(f.isDone(), "handle() of an unknown action did not complete");
            try {
                TaskResult r = f.get();
                throw new AssertionError("an unknown action completed with " + r.status().wireName()
                        + " instead of failing with UnsupportedTaskException");
            } catch (ExecutionException e) {
                check(e.getCause() instanceof UnsupportedTaskException,
                        "an unknown action failed with %s instead of UnsupportedTaskException", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Cancelling a long-running task's future completes it at once and releases the scheduled
     * work it was waiting on.
     */
    public static void honoursCancellation(Subject s) {
        Task task = Objects.requireNonNull(s.longRunningTask(), "longRunningTask");
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            kit.start(agent);
            int pendingBefore = kit.scheduler().pendingCount();
            CompletableFuture<TaskResult> f = agent.handle(task);
            kit.clock().runDue();
            check(!f.isDone(), "the long-running task '%s' finished at once; give one that waits (on the scheduler"
                    + " or on I/O) so cancellation can be checked", task.action());
            f.cancel(true);
            kit.clock().runDue();
            int pendingAfter = kit.scheduler().pendingCount();
            check(pendingAfter <= pendingBefore, "cancelling task '%s' left %d more scheduled task(s): the"
                    + " cancellation did not reach the work", task.action(), pendingAfter - pendingBefore);
            CompletableFuture<TaskResult> viaRegistry = kit.send(task.withTimeout(Duration.ofSeconds(1)));
            kit.advance(Duration.ofSeconds(1));
            check(viaRegistry.isCompletedExceptionally(), "a task timeout of 1 s did not end task '%s'", task.action());
            check(kit.scheduler().pendingCount() <= pendingBefore + 0, "a timed-out task '%s' left scheduled work behind",
                    task.action());
        }
    }

    /** Every event the agent publishes is under {@code <module>.}. */
    public static void emitsUnderOwnPrefix(Subject s) {
        try (AgentTestKit kit = kit(s, true)) {
            AgentInfo info = kit.start(s.agents().get());
            s.exercise().accept(kit);
            List<Event> stray = kit.events().events().stream()
                    .filter(e -> e.source().equals(info.id()) && !e.module().equals(s.module())).toList();
            check(stray.isEmpty(), "agent '%s' published outside '%s.*': %s", info.id(), s.module(),
                    stray.stream().map(Event::topic).distinct().toList());
        }
    }

    /** No listener of the agent holds a publisher longer than the deadline. */
    public static void neverBlocksTheBus(Subject s) {
        // Probe events carry no data: a listener may reject them (counted, not fatal), but must not block.
        try (AgentTestKit kit = kit(s, false)) {
            AgentInfo info = kit.start(s.agents().get());
            s.exercise().accept(kit);
            List<Subscription> subs = kit.events().subscriptions();
            for (Subscription sub : subs) {
                String topic = probeTopic(sub.pattern());
                CompletableFuture<Void> publish = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        kit.events().publish(topic, "alexos-compat", Json.object());
                        publish.complete(null);
                    } catch (RuntimeException e) {
                        publish.completeExceptionally(e);
                    }
                }, "compat-publisher");
                t.setDaemon(true);
                t.start();
                try {
                    publish.get(s.busDeadline().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    t.interrupt();
                    throw new AssertionError("a listener of agent '" + info.id() + "' (" + sub + ") held the publisher of '"
                            + topic + "' for more than " + s.busDeadline().toMillis() + " ms: listeners must hand slow work"
                            + " to the scheduler's executor");
                } catch (ExecutionException e) {
                    throw new AssertionError("publishing a probe to " + sub + " failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Values of configuration keys that look secret never appear in events, ledger entries or health. */
    public static void neverLeaksConfiguredSecrets(Subject s) {
        List<String> secrets = new ArrayList<>();
        collectSecrets(s.config(), false, secrets);
        try (AgentTestKit kit = kit(s, true)) {
            Agent agent = s.agents().get();
            kit.start(agent);
            s.exercise().accept(kit);
            List<String> places = new ArrayList<>();
            for (Event e : kit.events().events()) {
                places.add("event " + e.topic() + ": " + e.data());
            }
            for (LedgerEntry e : kit.ledger().entries()) {
                places.add("ledger " + e.type() + ": " + e.payload());
            }
            places.add("health: " + agent.health());
            for (String secret : secrets) {
                for (String place : places) {
                    check(!place.contains(secret), "a configured secret appears in %s",
                            place.substring(0, place.indexOf(':')));
                }
            }
        }
    }

    private static void collectSecrets(Object node, boolean secretKey, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectSecrets(v, SECRET_KEY.matcher(String.valueOf(k)).matches(), out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectSecrets(v, secretKey, out));
        } else if (secretKey && node != null && String.valueOf(node).length() >= 4) {
            out.add(String.valueOf(node));
        }
    }

    private static void requireReleased(AgentTestKit kit, String id, String when) {
        List<String> subs = kit.events().subscriptions().stream().map(Subscription::pattern).toList();
        check(subs.isEmpty(), "after %s agent '%s' is still subscribed to %s: cancel subscriptions in stop()", when, id,
                subs);
        int pending = kit.scheduler().pendingCount();
        check(pending == 0, "after %s agent '%s' left %d scheduled task(s) (next due %s): cancel them in stop()", when,
                id, pending, kit.scheduler().nextDue());
    }

    private static String probeTopic(String pattern) {
        if (pattern.equals("*")) {
            return "alexos_compat.probe";
        }
        return pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 1) + "alexos_compat_probe" : pattern;
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new AssertionError(String.format(format, args));
        }
    }

}
