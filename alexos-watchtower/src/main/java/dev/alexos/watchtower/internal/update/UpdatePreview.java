package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The dry-run answer of an update ({@code POST .../update?dry_run=true}): the digests, the
 * configuration the new container keeps (what the container was given, the same split
 * {@link ContainerSpec} makes), and what the new image supplies instead (read from the
 * registry, without pulling). Environment variables appear by name only, never with values;
 * secret-looking arguments of commands and health checks are masked ({@link #redact}).
 */
final class UpdatePreview {
    private static final String MASK = "•••";
    private static final String SECRET_WORD = "(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)";
    /** A flag whose value follows as the next argument: {@code --password hunter2}. */
    private static final Pattern SECRET_FLAG = Pattern.compile("(?i)-{1,2}[\\w.-]*" + SECRET_WORD + "[\\w.-]*");
    /** An inline value: {@code --token=x}, {@code DB_PASSWORD=x}, {@code Authorization: Bearer x}. */
    private static final Pattern SECRET_INLINE = Pattern.compile("(?i)([\\w.-]*" + SECRET_WORD + "[\\w.-]*\\s*[=:]\\s*"
            + "|authorization:\\s*\\w+\\s+)([^\\s\"']+)");
    /** The password in a URL: {@code scheme://user:x@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]+:)[^\\s@/]+(?=@)");

    private UpdatePreview() {
    }

    /** What the caller found out about the update before building the preview. */
    record Facts(String endpoint, InspectContainerResponse container, ImageRef ref, List<String> localDigests,
            String remoteDigest, String registryError, ContainerConfig oldImage, JsonNode newImage, String newImageError,
            UpdatePolicy policy) {
    }

    static Map<String, Object> of(Facts f) {
        InspectContainerResponse c = f.container();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("container", c.getName().replaceFirst("^/", ""));
        out.put("endpoint", f.endpoint());
        out.put("image", f.ref().toString());
        out.put("current_digest", f.localDigests().isEmpty() ? null : f.localDigests().get(0));
        if (f.ref().pinnedByDigest()) {
            out.put("update_available", false);
            out.put("reason", "pinned by digest: never updated");
        } else if (f.remoteDigest() != null) {
            out.put("new_digest", f.remoteDigest());
            out.put("update_available", !f.localDigests().contains(f.remoteDigest()));
        } else {
            out.put("update_available", null);
            out.put("error", f.registryError());
        }
        out.put("configuration_kept", kept(c, f.oldImage()));
        if (f.newImage() != null) {
            out.put("from_new_image", fromNewImage(c, f.oldImage(), f.newImage()));
        } else if (f.newImageError() != null) {
            out.put("from_new_image_error", f.newImageError());
        }
        out.put("policy", f.policy());
        return out;
    }

    /** What the container was given itself; kept as it is by the update. */
    private static Map<String, Object> kept(InspectContainerResponse i, ContainerConfig oldImage) {
        ContainerConfig c = i.getConfig();
        var hc = i.getHostConfig();
        Map<String, Object> kept = new LinkedHashMap<>();
        // the same rule the update applies (ContainerSpec), so the preview cannot claim otherwise
        kept.put("env_names", ContainerSpec.ownEnv(c, oldImage).stream().map(UpdatePreview::envName).toList());
        kept.put("labels", ContainerSpec.ownLabels(c, oldImage));
        putIfOwn(kept, "command", c.getCmd(), oldImage == null ? null : oldImage.getCmd());
        putIfOwn(kept, "entrypoint", c.getEntrypoint(), oldImage == null ? null : oldImage.getEntrypoint());
        if (c.getUser() != null && !c.getUser().isEmpty() && !Objects.equals(c.getUser(), oldImage == null ? null : oldImage.getUser())) {
            kept.put("user", c.getUser());
        }
        if (c.getWorkingDir() != null && !c.getWorkingDir().isEmpty()
                && !Objects.equals(c.getWorkingDir(), oldImage == null ? null : oldImage.getWorkingDir())) {
            kept.put("working_dir", c.getWorkingDir());
        }
        if (c.getHealthcheck() != null && !Objects.equals(c.getHealthcheck(), oldImage == null ? null : oldImage.getHealthcheck())) {
            kept.put("health_check", healthCheck(c.getHealthcheck()));
        }
        kept.put("mounts", i.getMounts() == null ? List.of() : i.getMounts().stream()
                .map(m -> m.getSource() + ":" + (m.getDestination() == null ? "" : m.getDestination().getPath())).toList());
        kept.put("ports", ports(hc.getPortBindings()));
        kept.put("restart_policy", hc.getRestartPolicy() == null ? null : hc.getRestartPolicy().toString());
        kept.put("network_mode", hc.getNetworkMode());
        kept.put("memory", hc.getMemory());
        kept.put("nano_cpus", hc.getNanoCPUs());
        return kept;
    }

    /**
     * The new image's defaults, and which of the container's settings came from its old image
     * (those are not kept: the new image's apply).
     */
    private static Map<String, Object> fromNewImage(InspectContainerResponse i, ContainerConfig oldImage, JsonNode image) {
        JsonNode cfg = image.path("config");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("created", image.path("created").isTextual() ? image.path("created").asText() : null);
        List<String> env = new ArrayList<>();
        cfg.path("Env").forEach(e -> env.add(envName(e.asText())));
        out.put("env_names", env);
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cfg.path("Labels").fields(); it.hasNext();) {
            var e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        out.put("labels", labels);
        out.put("command", strings(cfg.path("Cmd")));
        out.put("entrypoint", strings(cfg.path("Entrypoint")));
        out.put("health_check", cfg.path("Healthcheck").isObject() ? strings(cfg.path("Healthcheck").path("Test")) : null);
        List<String> exposed = new ArrayList<>();
        cfg.path("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
        out.put("exposed_ports", exposed);
        out.put("user", cfg.path("User").asText(""));
        out.put("working_dir", cfg.path("WorkingDir").asText(""));
        out.put("replaces", inherited(i.getConfig(), oldImage));
        return out;
    }

    /** The container's settings that only came from its old image (the new image's replace them). */
    private static List<String> inherited(ContainerConfig c, ContainerConfig oldImage) {
        List<String> out = new ArrayList<>();
        if (oldImage == null) {
            return out;
        }
        if (c.getCmd() != null && Arrays.equals(c.getCmd(), oldImage.getCmd())) {
            out.add("command");
        }
        if (c.getEntrypoint() != null && Arrays.equals(c.getEntrypoint(), oldImage.getEntrypoint())) {
            out.add("entrypoint");
        }
        if (c.getHealthcheck() != null && Objects.equals(c.getHealthcheck(), oldImage.getHealthcheck())) {
            out.add("health check");
        }
        List<String> imageEnv = oldImage.getEnv() == null ? List.of() : Arrays.asList(oldImage.getEnv());
        if (c.getEnv() != null) {
            Arrays.stream(c.getEnv()).filter(imageEnv::contains).forEach(e -> out.add("env " + envName(e)));
        }
        if (c.getLabels() != null && oldImage.getLabels() != null) {
            c.getLabels().forEach((k, v) -> {
                if (Objects.equals(oldImage.getLabels().get(k), v)) {
                    out.add("label " + k);
                }
            });
        }
        return out;
    }

    private static void putIfOwn(Map<String, Object> out, String key, String[] container, String[] image) {
        if (container != null && !Arrays.equals(container, image)) {
            out.put(key, redact(List.of(container)));
        }
    }

    private static List<String> healthCheck(HealthCheck hc) {
        return hc.getTest() == null ? List.of() : redact(hc.getTest());
    }

    /**
     * Masks what looks like a secret in command-line arguments: the value after a
     * {@code --password}-style flag, inline {@code key=value} / {@code key: value} whose key
     * names a secret, bearer credentials and passwords in URLs. A preview is for seeing what is
     * kept, not for reading credentials off a command line.
     */
    static List<String> redact(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean hideNext = false;
        for (String a : args) {
            if (hideNext) {
                out.add(MASK);
                hideNext = false;
            } else if (SECRET_FLAG.matcher(a).matches()) {
                out.add(a);
                hideNext = true;
            } else {
                out.add(a == null ? null : URL_PASSWORD.matcher(SECRET_INLINE.matcher(a).replaceAll("$1" + MASK)).replaceAll("$1" + MASK));
            }
        }
        return out;
    }

    private static List<String> ports(Ports ports) {
        List<String> out = new ArrayList<>();
        if (ports == null || ports.getBindings() == null) {
            return out;
        }
        ports.getBindings().forEach((port, bindings) -> {
            if (bindings == null) {
                return;
            }
            for (Ports.Binding b : bindings) {
                String ip = b.getHostIp() == null || b.getHostIp().isEmpty() ? "" : b.getHostIp() + ":";
                out.add(ip + b.getHostPortSpec() + "->" + port);
            }
        });
        return out;
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return redact(out);
    }

    /** The name of a {@code NAME=value} entry: values never leave the engine. */
    private static String envName(String entry) {
        return entry.split("=", 2)[0];
    }
}
