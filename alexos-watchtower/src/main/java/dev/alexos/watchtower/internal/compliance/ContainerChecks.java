package dev.alexos.watchtower.internal.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceResult.Severity;
import dev.alexos.core.compliance.ComplianceResult.Status;
import dev.alexos.core.compliance.Evidence;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.Watchtower;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The container posture checks Watchtower contributes to the Compliance tab. */
public final class ContainerChecks {
    /** Environment variable names that usually hold secrets. */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(_KEY|_TOKEN|_SECRET|PASSWORD|PASSWD|SECRET_.*|API_?KEY.*|PRIVATE_KEY.*|CREDENTIALS?)$");

    private ContainerChecks() {
    }

    /** All checks, evaluated over the live picture of {@code w}. */
    public static List<ComplianceCheck> all(Watchtower w) {
        return List.of(
                new ContainerCheck(w, "watchtower.privileged_containers", "No privileged containers", Severity.CRITICAL,
                        Status.FAIL, "run privileged", "Drop --privileged; grant only the capabilities needed (--cap-add).",
                        t -> t.inspect().path("HostConfig").path("Privileged").asBoolean(false)
                                ? Optional.of(new Evidence(ContainerCheck.subject(t.info()), "HostConfig.Privileged", "true"))
                                : Optional.empty()),
                new ContainerCheck(w, "watchtower.docker_socket_mounted", "Docker socket not mounted into containers",
                        Severity.CRITICAL, Status.FAIL, "mount the Docker socket",
                        "Do not mount docker.sock: it gives root on the host. Use a socket proxy with a read-only API.",
                        t -> socketMount(t.info())),
                new ContainerCheck(w, "watchtower.running_as_root", "Containers do not run as root", Severity.MEDIUM,
                        Status.WARN, "run as root", "Set USER in the image or --user to an unprivileged uid.",
                        t -> {
                            String user = t.inspect().path("Config").path("User").asText("").strip();
                            boolean root = user.isEmpty() || user.equals("root") || user.equals("0")
                                    || user.startsWith("0:") || user.startsWith("root:");
                            return root ? Optional.of(new Evidence(ContainerCheck.subject(t.info()), "Config.User",
                                    user.isEmpty() ? "(unset: root)" : user)) : Optional.empty();
                        }),
                new ContainerCheck(w, "watchtower.health_checks", "Containers have a health check", Severity.LOW,
                        Status.WARN, "have no health check", "Add a HEALTHCHECK to the image or --health-cmd.",
                        t -> {
                            JsonNode test = t.inspect().path("Config").path("Healthcheck").path("Test");
                            boolean none = !test.isArray() || test.isEmpty() || "NONE".equals(test.get(0).asText());
                            return none ? Optional.of(new Evidence(ContainerCheck.subject(t.info()), "Config.Healthcheck",
                                    "none")) : Optional.empty();
                        }),
                new ContainerCheck(w, "watchtower.image_tags", "Images are pinned (no latest or untagged)",
                        Severity.MEDIUM, Status.WARN, "use a 'latest' or untagged image",
                        "Run images by a version tag or a digest, so that what runs is known.",
                        t -> floatingTag(t.info().image()) ? Optional.of(new Evidence(
                                ContainerCheck.subject(t.info()), "Config.Image", t.info().image())) : Optional.empty()),
                new ContainerCheck(w, "watchtower.memory_limits", "Containers have a memory limit", Severity.MEDIUM,
                        Status.WARN, "have no memory limit", "Set --memory so one container cannot starve the host.",
                        t -> t.inspect().path("HostConfig").path("Memory").asLong(0) <= 0
                                ? Optional.of(new Evidence(ContainerCheck.subject(t.info()), "HostConfig.Memory", "0"))
                                : Optional.empty()),
                new ContainerCheck(w, "watchtower.host_namespaces", "No host network or PID namespace", Severity.HIGH,
                        Status.FAIL, "share the host's network or PID namespace",
                        "Use a bridge or user-defined network and the container's own PID namespace.",
                        t -> {
                            JsonNode hc = t.inspect().path("HostConfig");
                            List<String> shared = new ArrayList<>();
                            if ("host".equals(hc.path("NetworkMode").asText())) {
                                shared.add("NetworkMode=host");
                            }
                            if ("host".equals(hc.path("PidMode").asText())) {
                                shared.add("PidMode=host");
                            }
                            return shared.isEmpty() ? Optional.empty() : Optional.of(new Evidence(
                                    ContainerCheck.subject(t.info()), "HostConfig", String.join(", ", shared)));
                        }),
                new ContainerCheck(w, "watchtower.secret_env_names", "No secrets in environment variables",
                        Severity.HIGH, Status.WARN, "have secret-like environment variables",
                        "Pass secrets as files (Docker secrets, mounted files) instead of environment variables.",
                        t -> {
                            List<String> names = t.info().envNames().stream()
                                    .filter(n -> SECRET_NAME.matcher(n).matches()).toList();
                            return names.isEmpty() ? Optional.empty() : Optional.of(new Evidence(
                                    ContainerCheck.subject(t.info()), "Config.Env (names only)", String.join(", ", names)));
                        }));
    }

    private static Optional<Evidence> socketMount(ContainerInfo c) {
        for (ContainerInfo.Mount m : c.mounts()) {
            if (m.source().endsWith("/docker.sock") || m.source().endsWith("/podman.sock")) {
                return Optional.of(new Evidence(subject(c), "Mounts", m.source() + " -> " + m.destination()));
            }
        }
        return Optional.empty();
    }

    private static String subject(ContainerInfo c) {
        return ContainerCheck.subject(c);
    }

    /** {@code nginx}, {@code nginx:latest} → true; {@code nginx:1.25}, {@code nginx@sha256:...} → false. */
    static boolean floatingTag(String image) {
        if (image == null || image.isEmpty() || image.startsWith("sha256:")) {
            return false; // created from an image id: pinned
        }
        if (image.contains("@")) {
            return false;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return true; // no tag (a colon before the last slash is a registry port)
        }
        return image.substring(colon + 1).toLowerCase(Locale.ROOT).equals("latest");
    }
}
