package dev.alexos.bench.watchtower;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The drivers' own Docker Engine API client (docker-java, zerodep transport) for the private
 * engine of {@code scripts/test-env.sh} ({@code ALEXOS_IT_DOCKER_HOST}); never any other engine.
 * Containers it creates carry the label {@code alexos.bench=<run id>} and are removed by
 * {@link #close()} (also from a shutdown hook, for Ctrl-C).
 */
public final class BenchDocker implements AutoCloseable {
    public static final String IMAGE = "local/busybox:1";
    static final String LABEL = "alexos.bench";

    public final String host;
    public final DockerClient docker;
    private final String runId = "wt" + Long.toString(System.nanoTime() & 0xffffffL, 36);
    private final Thread hook = new Thread(this::removeAll, "bench-docker-cleanup");
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());

    private BenchDocker(String host) {
        this.host = host;
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        var http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).maxConnections(8)
                .connectionTimeout(Duration.ofSeconds(30)).responseTimeout(Duration.ofSeconds(60)).build();
        this.docker = DockerClientImpl.getInstance(config, http);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The private test engine ({@code ALEXOS_IT_DOCKER_HOST}), else an engine named by {@code DOCKER_HOST}; never the implicit default engine. */
    public static BenchDocker fromTestEnv() {
        String host = System.getenv("ALEXOS_IT_DOCKER_HOST");
        if (host == null || host.isBlank()) {
            // an engine named explicitly is fine too; an unset DOCKER_HOST (the default engine) is not
            host = System.getenv("DOCKER_HOST");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("neither ALEXOS_IT_DOCKER_HOST nor DOCKER_HOST is set: "
                    + "run under scripts/test-env.sh run -- java ... or name the engine with DOCKER_HOST");
        }
        return new BenchDocker(host);
    }

    /**
     * Creates and starts {@code n} containers ({@code --network none}, {@code sleep 3600}) with a
     * few threads; returns their ids in creation order.
     */
    public List<String> startContainers(int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = runId + "-" + i;
                ids.add(pool.submit(() -> {
                    String id = docker.createContainerCmd(IMAGE).withName(name).withCmd("sleep", "3600")
                            .withLabels(Map.of(LABEL, runId))
                            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
                    created.add(id);
                    docker.startContainerCmd(id).exec();
                    return id;
                }));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : ids) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code docker stop -t 0}: SIGKILL at once; returns when the engine answered (container exited). */
    public void stopNow(String id) {
        docker.stopContainerCmd(id).withTimeout(0).exec();
    }

    /**
     * When the engine recorded the container's exit ({@code State.FinishedAt}, nanosecond
     * precision, the host's clock), in {@link WallClock} nanoseconds.
     */
    long finishedAt(String id) {
        String f = docker.inspectContainerCmd(id).exec().getState().getFinishedAt();
        return WallClock.of(java.time.Instant.parse(f));
    }

    /** Containers of this run that are running now. */
    int running() {
        return docker.listContainersCmd().withLabelFilter(Map.of(LABEL, runId)).exec().size();
    }

    private synchronized void removeAll() {
        List<String> ids = new ArrayList<>(created);
        try {
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, runId)).exec()) {
                if (!ids.contains(c.getId())) {
                    ids.add(c.getId());
                }
            }
        } catch (RuntimeException e) {
            System.err.println("listing bench containers failed: " + e);
        }
        int removed = 0;
        for (String id : ids) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
                removed++;
            } catch (RuntimeException e) {
                // already gone (NotFound) is fine; anything else the test-env teardown removes
            }
        }
        created.clear();
        if (!ids.isEmpty()) {
            System.out.println("removed " + removed + " bench containers");
        }
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (harmlessly) too
        }
        try {
            docker.close();
        } catch (IOException e) {
            System.err.println("closing the Docker client: " + e);
        }
    }
}
