package dev.alexos.watchtower.internal.update;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The docker CLI against the test engine, and the test environment's components. */
final class DockerCli {
    final String host;
    final String registry;

    private DockerCli(String host, String registry) {
        this.host = host;
        this.registry = registry;
    }

    /** The engine and registry of scripts/test-env.sh; a failure under CI=true when missing. */
    static DockerCli fromEnvironment() {
        String host = System.getenv("ALEXOS_IT_DOCKER_HOST");
        String registry = System.getenv("ALEXOS_IT_REGISTRY");
        if (host == null || registry == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ALEXOS_IT_DOCKER_HOST / ALEXOS_IT_REGISTRY not set: run the tests with scripts/test.sh");
            }
            Assumptions.abort("no Docker engine / registry (run scripts/test.sh)");
        }
        return new DockerCli(host, registry);
    }

    /** A docker-java client (zerodep transport) on {@code host}; the caller closes it. */
    static DockerClient client(String host) {
        var cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        return DockerClientImpl.getInstance(cfg, new ZerodepDockerHttpClient.Builder().dockerHost(cfg.getDockerHost()).build());
    }

    /** A docker-java client on the test engine; the caller closes it. */
    DockerClient client() {
        return client(host);
    }

    /** Removes (forcibly) every container whose name contains {@code name}: a test's clean-up. */
    void removeNamed(String name) {
        for (String id : run("ps", "-aq", "--filter", "name=" + name).split("\\s+")) {
            if (!id.isBlank()) {
                run("rm", "-f", id);
            }
        }
    }

    String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", host);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + out);
            }
            return out.strip();
        } catch (IOException e) {
            throw new IllegalStateException("docker CLI not runnable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds an image from a Dockerfile text (FROM local/busybox:1 ...) and tags it. */
    void build(Path dir, String tag, String dockerfile) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        run("build", "-q", "-t", tag, dir.toString());
    }

    String inspect(String ref, String format) {
        return run("inspect", "--format", format, ref);
    }
}
