package dev.alexos.watchtower.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real components are (set by scripts/test.sh), and the Docker CLI to change
 * things behind Watchtower's back. Under {@code CI=true} a missing component fails the test.
 */
final class RealEnv {
    private RealEnv() {
    }

    static String require(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(variable + " is not set: run the tests through scripts/test.sh");
            }
            Assumptions.abort(variable + " is not set (run through scripts/test.sh)");
        }
        return v;
    }

    /** Runs {@code docker ARGS} against {@code host}; fails the test on a non-zero exit. */
    static String docker(String host, String... args) {
        Result r = dockerResult(host, args);
        if (r.exit != 0) {
            fail("docker " + String.join(" ", args) + " exited " + r.exit + ": " + r.err);
        }
        return r.out.strip();
    }

    /** Removes (forcibly) every container on {@code host} labelled {@code label}: a test's clean-up. */
    static void removeLabelled(String host, String label) {
        String ids = docker(host, "ps", "-aq", "--filter", "label=" + label);
        if (!ids.isBlank()) {
            dockerResult(host, ("rm -f " + ids.replace('\n', ' ')).split(" "));
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Result dockerResult(String host, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return run(cmd, host);
    }

    /** Runs the env script's subcommand (engine-start / engine-stop). */
    static void envScript(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(require("ALEXOS_IT_ENV_SCRIPT"));
        cmd.addAll(List.of(args));
        Result r = run(cmd, null);
        if (r.exit != 0) {
            fail(String.join(" ", cmd) + " exited " + r.exit + ": " + r.err);
        }
    }

    private static Result run(List<String> cmd, String host) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (host != null) {
                pb.environment().put("DOCKER_HOST", host);
            }
            pb.environment().put("DOCKER_BUILDKIT", "0");
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            java.nio.file.Path err = java.nio.file.Files.createTempFile("it-err", ".txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(cmd + " did not finish");
            }
            String errText = java.nio.file.Files.readString(err);
            java.nio.file.Files.deleteIfExists(err);
            return new Result(p.exitValue(), out, errText);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
