package dev.alexos.watchtower.internal.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.StatsSample;
import dev.alexos.watchtower.internal.engine.EngineException;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the resource use of running containers in one background round every
 * {@code interval}, with a few requests in flight (no thread per container), using the engine's
 * one-shot stats so that no call waits for a second reading: CPU % is computed from this sample
 * and the previous one. Keeps a bounded history per container. Thread-safe.
 *
 * <p>Sampling is adaptive because one stats request per container per round is what dominates
 * Watchtower's idle cost with many containers: a container whose stats someone asked for
 * ({@link #watch}) is <em>hot</em> for {@code hotFor} and sampled every round, so its chart stays
 * live; every other running container is sampled once per {@code backgroundInterval} (never when
 * zero), so each still has some history.
 */
public final class StatsSampler {
    private static final Logger LOG = LoggerFactory.getLogger(StatsSampler.class);

    private record Key(String endpoint, String id) {
    }

    record Raw(long cpuTotal, long systemCpu) {
    }

    private final List<EndpointMonitor> monitors;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Duration interval;
    private final Duration backgroundInterval;
    private final Duration hotFor;
    private final int historySize;
    /** Until when a container is hot (sampled every round); entries go when they expire. */
    private final Map<Key, Instant> hotUntil = new ConcurrentHashMap<>();
    /** When a container was last sampled (round start or on-demand time). */
    private final Map<Key, Instant> sampledAt = new ConcurrentHashMap<>();
    private final Map<Key, Deque<StatsSample>> history = new ConcurrentHashMap<>();
    private final Map<Key, Raw> previous = new ConcurrentHashMap<>();
    /** Stats requests in flight at once; the endpoint's client keeps other connections for monitoring. */
    static final int PARALLEL = 8;
    private final AtomicBoolean sampling = new AtomicBoolean();
    private volatile Cancellable timer;

    /**
     * How often to sample.
     *
     * @param interval round period, the rate of hot containers; zero turns periodic sampling off
     * @param backgroundInterval the rate of containers nobody looks at; zero = never
     * @param hotFor how long a container stays hot after its stats were asked for
     * @param historySize samples kept per container
     */
    public record Rates(Duration interval, Duration backgroundInterval, Duration hotFor, int historySize) {
        public Rates {
            if (interval.isNegative() || backgroundInterval.isNegative() || hotFor.isNegative() || historySize < 1) {
                throw new IllegalArgumentException("negative rate or empty history");
            }
        }
    }

    public StatsSampler(List<EndpointMonitor> monitors, Scheduler scheduler, Clock clock, Rates rates) {
        this.monitors = List.copyOf(monitors);
        this.scheduler = scheduler;
        this.clock = clock;
        this.interval = rates.interval();
        this.backgroundInterval = rates.backgroundInterval();
        this.hotFor = rates.hotFor();
        this.historySize = rates.historySize();
    }

    /** Starts periodic sampling (nothing when the interval is zero). */
    public void start() {
        if (!interval.isZero()) {
            timer = scheduler.scheduleWithFixedDelay(interval, interval,
                    () -> scheduler.executor().execute(this::sampleAll));
        }
    }

    public void stop() {
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    public Duration interval() {
        return interval;
    }

    /**
     * One round over the running containers that are due (hot ones, and a share of the cold ones
     * whose last sample is {@code backgroundInterval} old) of every reachable endpoint; skipped if one is
     * still going. The engine answers a stats request at its next collection tick (up to a
     * second later), so a few requests are kept in flight at once ({@link #PARALLEL}): a round
     * over 200 containers takes about 200 / {@value #PARALLEL} seconds, on a bounded number of
     * pool threads, not one per container.
     */
    public void sampleAll() {
        if (!sampling.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = clock.instant();
            Set<Key> alive = new HashSet<>();
            List<Object[]> targets = new ArrayList<>();
            List<Object[]> cold = new ArrayList<>();
            long running = 0;
            for (EndpointMonitor m : monitors) {
                if (!m.isUp()) {
                    continue;
                }
                for (EndpointMonitor.Tracked t : m.containers()) {
                    Key key = new Key(m.name(), t.info().id());
                    alive.add(key);
                    if (!"running".equals(t.info().status())) {
                        continue;
                    }
                    running++;
                    if (isHotAt(key, now)) {
                        targets.add(new Object[] {m, t.info()});
                    } else if (dueInBackground(key, now)) {
                        cold.add(new Object[] {m, t.info(), sampledAt.get(key)});
                    }
                }
            }
            // Cold containers are spread over the background interval instead of all coming due in
            // one burst (at start, and every backgroundInterval after): each round takes at most
            // its share, the longest-unsampled first, so every one is still sampled about once per
            // backgroundInterval.
            long share = backgroundInterval.isZero() ? 0
                    : Math.max(1, -Math.floorDiv(-running * Math.max(1, interval.toMillis()), backgroundInterval.toMillis()));
            cold.sort(Comparator.comparing((Object[] o) -> (Instant) o[2], Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(o -> ((ContainerInfo) o[1]).name()).thenComparing(o -> ((ContainerInfo) o[1]).id()));
            cold.stream().limit(share).forEach(targets::add);
            AtomicInteger next = new AtomicInteger();
            int workers = Math.min(PARALLEL, targets.size());
            CountDownLatch done = new CountDownLatch(workers);
            for (int w = 0; w < workers; w++) {
                scheduler.executor().execute(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < targets.size(); i = next.getAndIncrement()) {
                            EndpointMonitor m = (EndpointMonitor) targets.get(i)[0];
                            ContainerInfo c = (ContainerInfo) targets.get(i)[1];
                            try {
                                // the round's start, not the sample's end, so that rates do not drift
                                sampledAt.put(new Key(m.name(), c.id()), now);
                                sample(m, c.id(), false);
                            } catch (EngineException e) {
                                LOG.debug("watchtower: stats of {} on {}: {}", c.name(), m.name(), e.getMessage());
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // containers that are gone take their history with them
            history.keySet().removeIf(k -> !alive.contains(k) && monitors.stream().anyMatch(
                    m -> m.name().equals(k.endpoint()) && m.isUp()));
            previous.keySet().removeIf(k -> !history.containsKey(k));
            hotUntil.entrySet().removeIf(e -> !now.isBefore(e.getValue()) || gone(e.getKey(), alive));
            sampledAt.keySet().removeIf(k -> gone(k, alive));
        } finally {
            sampling.set(false);
        }
    }

    private boolean gone(Key k, Set<Key> alive) {
        return !alive.contains(k) && monitors.stream().anyMatch(m -> m.name().equals(k.endpoint()) && m.isUp());
    }

    private boolean isHotAt(Key key, Instant now) {
        Instant hot = hotUntil.get(key);
        return hot != null && now.isBefore(hot);
    }

    /** Whether a cold container's last sample is {@code backgroundInterval} old (or it has none). */
    private boolean dueInBackground(Key key, Instant now) {
        if (backgroundInterval.isZero()) {
            return false;
        }
        Instant last = sampledAt.get(key);
        return last == null || !now.isBefore(last.plus(backgroundInterval));
    }

    /**
     * Someone is looking at a container's stats (the API, the dashboard chart): marks it hot for
     * {@code hotFor} and returns a current sample. That is the newest sample when it is younger
     * than the round interval and has a CPU figure; otherwise one is taken now, on the caller's
     * thread and within the endpoint's request timeout, so the first look at a cold container
     * already has a fresh sample in its history.
     *
     * @throws EngineException when the engine fails
     */
    public StatsSample watch(EndpointMonitor monitor, String id) {
        Key key = new Key(monitor.name(), id);
        Instant now = clock.instant();
        if (!interval.isZero() && !hotFor.isZero()) {
            hotUntil.merge(key, now.plus(hotFor), (a, b) -> a.isAfter(b) ? a : b);
        }
        Instant last = sampledAt.get(key);
        StatsSample newest = latest(monitor.name(), id);
        if (newest != null && newest.cpuPercent() != null && last != null && now.isBefore(last.plus(interval))) {
            return newest;
        }
        sampledAt.put(key, now);
        return sample(monitor, id, true);
    }

    /** Whether the container is hot now (sampled every round). */
    public boolean isHot(String endpoint, String id) {
        return isHotAt(new Key(endpoint, id), clock.instant());
    }

    /** The rate of containers nobody looks at; zero = never. */
    public Duration backgroundInterval() {
        return backgroundInterval;
    }

    /**
     * Takes a sample now and adds it to the history. Reads one-shot, CPU computed against the
     * previous reading; when {@code needCpu} and there is no usable previous reading (none yet,
     * or two readings too close together), asks the engine for two readings (a second's wait on
     * the engine's side).
     *
     * @throws EngineException when the engine fails
     */
    public StatsSample sample(EndpointMonitor monitor, String id, boolean needCpu) {
        Key key = new Key(monitor.name(), id);
        Raw earlier = previous.get(key);
        // the periodic round never waits on the engine for a second reading: its first sample of a
        // container just has no CPU figure yet
        JsonNode raw = monitor.engine().stats(id, earlier != null || !needCpu);
        StatsSample s = compute(raw, earlier);
        if (s.cpuPercent() == null && earlier != null && needCpu) {
            raw = monitor.engine().stats(id, false);
            s = compute(raw, null);
        }
        previous.put(key, new Raw(raw.path("cpu_stats").path("cpu_usage").path("total_usage").asLong(0),
                raw.path("cpu_stats").path("system_cpu_usage").asLong(0)));
        Deque<StatsSample> h = history.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (h) {
            h.addLast(s);
            while (h.size() > historySize) {
                h.removeFirst();
            }
        }
        return s;
    }

    /** The history of one container, oldest first. */
    public List<StatsSample> history(String endpoint, String id) {
        Deque<StatsSample> h = history.get(new Key(endpoint, id));
        if (h == null) {
            return List.of();
        }
        synchronized (h) {
            return new ArrayList<>(h);
        }
    }

    /** The newest sample of a container, or {@code null}. */
    public StatsSample latest(String endpoint, String id) {
        Deque<StatsSample> h = history.get(new Key(endpoint, id));
        if (h == null) {
            return null;
        }
        synchronized (h) {
            return h.peekLast();
        }
    }

    /** A sample from the engine's stats document, CPU against {@code precpu} or our previous reading. */
    static StatsSample compute(JsonNode raw, Raw prev) {
        JsonNode cpu = raw.path("cpu_stats");
        JsonNode pre = raw.path("precpu_stats");
        long total = cpu.path("cpu_usage").path("total_usage").asLong(0);
        long system = cpu.path("system_cpu_usage").asLong(0);
        long preTotal;
        long preSystem;
        if (pre.path("system_cpu_usage").asLong(0) > 0) {
            preTotal = pre.path("cpu_usage").path("total_usage").asLong(0);
            preSystem = pre.path("system_cpu_usage").asLong(0);
        } else if (prev != null) {
            preTotal = prev.cpuTotal();
            preSystem = prev.systemCpu();
        } else {
            preTotal = -1;
            preSystem = -1;
        }
        int online = cpu.path("online_cpus").asInt(0);
        if (online == 0) {
            online = Math.max(1, cpu.path("cpu_usage").path("percpu_usage").size());
        }
        Double cpuPercent = null;
        long cpuDelta = total - preTotal;
        long systemDelta = system - preSystem;
        if (preSystem >= 0 && systemDelta > 0 && cpuDelta >= 0) {
            cpuPercent = Math.round((double) cpuDelta / systemDelta * online * 100.0 * 100.0) / 100.0;
        }
        JsonNode mem = raw.path("memory_stats");
        long usage = mem.path("usage").asLong(0);
        // as `docker stats`: page cache that can be dropped is not "in use"
        JsonNode ms = mem.path("stats");
        long cache = ms.has("total_inactive_file") ? ms.path("total_inactive_file").asLong(0)
                : ms.path("inactive_file").asLong(0);
        if (cache < usage) {
            usage -= cache;
        }
        long limit = mem.path("limit").asLong(0);
        double memPercent = limit > 0 ? Math.round((double) usage / limit * 100.0 * 100.0) / 100.0 : 0.0;
        long rx = 0;
        long tx = 0;
        for (JsonNode n : raw.path("networks")) {
            rx += n.path("rx_bytes").asLong(0);
            tx += n.path("tx_bytes").asLong(0);
        }
        long read = 0;
        long write = 0;
        for (JsonNode b : raw.path("blkio_stats").path("io_service_bytes_recursive")) {
            String op = b.path("op").asText("").toLowerCase();
            if ("read".equals(op)) {
                read += b.path("value").asLong(0);
            } else if ("write".equals(op)) {
                write += b.path("value").asLong(0);
            }
        }
        Instant time;
        try {
            time = Instant.parse(raw.path("read").asText());
        } catch (DateTimeParseException e) {
            time = null;
        }
        return new StatsSample(time, cpuPercent, usage, limit, memPercent, rx, tx, read, write,
                raw.path("pids_stats").path("current").asLong(0));
    }
}
