package dev.alexos.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.testkit.FakeContainer;
import java.time.Instant;

/** The Docker Engine API's JSON shapes (PascalCase, as the engine writes them). */
public final class DockerJson {
    /** Plain mapper: Docker's field names are not the project's snake_case. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private DockerJson() {
    }

    /** An entry of {@code GET /containers/json}. */
    public static ObjectNode summary(FakeContainer c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("Id", c.id());
        o.putArray("Names").add("/" + c.name());
        o.put("Image", c.image());
        o.put("ImageID", c.imageId());
        o.put("Command", "");
        o.put("Created", c.created().getEpochSecond());
        o.put("State", c.state());
        o.put("Status", statusText(c));
        o.putArray("Ports");
        ObjectNode labels = o.putObject("Labels");
        c.labels().forEach(labels::put);
        o.putObject("HostConfig").put("NetworkMode", "none");
        o.putObject("NetworkSettings").putObject("Networks");
        o.putArray("Mounts");
        return o;
    }

    /** {@code GET /containers/{id}/json}. */
    public static ObjectNode inspect(FakeContainer c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("Id", c.id());
        o.put("Created", c.created().toString());
        o.put("Path", "");
        o.putArray("Args");
        ObjectNode s = o.putObject("State");
        s.put("Status", c.state());
        s.put("Running", c.running());
        s.put("Paused", c.state().equals("paused"));
        s.put("Restarting", false);
        s.put("OOMKilled", false);
        s.put("Dead", false);
        s.put("Pid", c.running() ? 1000 + Math.abs(c.id().hashCode() % 30000) : 0);
        s.put("ExitCode", c.exitCode());
        s.put("Error", "");
        s.put("StartedAt", time(c.startedAt()));
        s.put("FinishedAt", time(c.finishedAt()));
        if (c.health() != null) {
            ObjectNode h = s.putObject("Health");
            h.put("Status", c.health());
            h.put("FailingStreak", c.health().equals("unhealthy") ? 3 : 0);
            h.putArray("Log");
        }
        o.put("Image", c.imageId());
        o.put("Name", "/" + c.name());
        o.put("RestartCount", 0);
        o.put("Driver", "overlay2");
        o.put("Platform", "linux");
        ObjectNode config = o.putObject("Config");
        config.put("Hostname", c.id().substring(0, 12));
        config.put("Image", c.image());
        var env = config.putArray("Env");
        c.env().forEach(env::add);
        ObjectNode labels = config.putObject("Labels");
        c.labels().forEach(labels::put);
        config.putArray("Cmd");
        ObjectNode host = o.putObject("HostConfig");
        host.put("NetworkMode", "none");
        host.putObject("RestartPolicy").put("Name", "no").put("MaximumRetryCount", 0);
        o.putObject("NetworkSettings").putObject("Networks");
        o.putArray("Mounts");
        return o;
    }

    /** An event of {@code GET /events}. */
    public static ObjectNode event(String type, String action, FakeContainer c, Instant time,
            java.util.Map<String, String> extra) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("status", action);
        o.put("id", c.id());
        o.put("from", c.image());
        o.put("Type", type);
        o.put("Action", action);
        ObjectNode actor = o.putObject("Actor");
        actor.put("ID", c.id());
        ObjectNode attrs = actor.putObject("Attributes");
        c.labels().forEach(attrs::put);
        attrs.put("image", c.image());
        attrs.put("name", c.name());
        extra.forEach(attrs::put);
        o.put("scope", "local");
        o.put("time", time.getEpochSecond());
        o.put("timeNano", time.getEpochSecond() * 1_000_000_000L + time.getNano());
        return o;
    }

    private static String statusText(FakeContainer c) {
        return switch (c.state()) {
            case "running" -> "Up" + (c.health() == null ? "" : " (" + c.health() + ")");
            case "exited" -> "Exited (" + c.exitCode() + ")";
            case "paused" -> "Up (Paused)";
            default -> "Created";
        };
    }

    private static String time(Instant t) {
        return t == null ? ZERO_TIME : t.toString();
    }
}
