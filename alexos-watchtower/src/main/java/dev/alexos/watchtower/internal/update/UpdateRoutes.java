package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.Secret;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The update routes of {@code /api/watchtower}: history, check now, update one container
 * (with a dry-run preview), the CI webhook, and the module configuration.
 */
public final class UpdateRoutes {
    private static final String WEBHOOK_HEADER = "X-Alexos-Webhook-Token";
    private final UpdateService service;
    private final Clock clock;
    private final Optional<Secret> webhookToken;
    private final Supplier<String> agentId;

    public UpdateRoutes(UpdateService service, Clock clock, Optional<Secret> webhookToken, Supplier<String> agentId) {
        this.service = service;
        this.clock = clock;
        this.webhookToken = webhookToken;
        this.agentId = agentId;
    }

    public List<ApiRoute> routes() {
        String base = "/api/watchtower";
        return List.of(
                ApiRoute.get(base + "/updates", Role.VIEWER, "Update history (persisted), newest first; ?container=NAME: one container's; ?pending=true: out-of-date containers found by the newest check", this::history),
                ApiRoute.post(base + "/check-updates", Role.OPERATOR, "Check every watched container's image now", r -> checked()),
                ApiRoute.post(base + "/containers/{id}/update", Role.OPERATOR,
                        "Update one container safely (?dry_run=true previews, ?force=true recreates even when current)", this::update),
                ApiRoute.post(base + "/webhook/{agent_id}", Role.PUBLIC,
                        "CI trigger: check and update the named images (header " + WEBHOOK_HEADER + ")", this::webhook),
                ApiRoute.get(base + "/config", Role.ADMIN, "Watchtower update settings", r -> service.settings().describe()),
                ApiRoute.put(base + "/config", Role.ADMIN, "Change update settings (validated)", this::putConfig));
    }

    private Object history(ApiRequest r) {
        if (bool(r, "pending")) {
            return envelope("updates", service.pending());
        }
        int limit = r.queryInt("limit", 50, 1, 1000);
        Optional<String> container = r.query("container");
        if (container.isPresent() && container.get().isBlank()) {
            throw ApiException.badRequest("container", "expected a container name");
        }
        List<UpdateRecord> list = container.isPresent() ? service.history(limit, container.get()) : service.history(limit);
        return envelope("updates", list);
    }

    private Object checked() {
        List<UpdateCandidate> list = service.check();
        Map<String, Object> out = envelope("updates", list);
        out.put("out_of_date", list.stream().filter(UpdateCandidate::updateAvailable).count());
        return out;
    }

    private Object update(ApiRequest r) {
        String id = r.pathParam("id");
        boolean dryRun = bool(r, "dry_run");
        boolean force = bool(r, "force");
        try {
            if (dryRun) {
                return service.preview(id);
            }
            return service.update(id, r.principal().name(), force);
        } catch (NotFoundException e) {
            throw ApiException.notFound("container", id);
        } catch (UpdateService.Busy e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.unprocessable("id", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("image", e.getMessage());
        } catch (RuntimeException e) {
            throw ApiException.upstream("Docker engine: " + e.getMessage());
        }
    }

    private Object webhook(ApiRequest r) {
        if (!r.pathParam("agent_id").equals(agentId.get())) {
            throw ApiException.notFound("agent", r.pathParam("agent_id"));
        }
        Secret expected = webhookToken.orElseThrow(() -> ApiException.unavailable(
                "webhook not configured: set watchtower.webhook_token"));
        String given = r.header(WEBHOOK_HEADER).orElseThrow(() -> new ApiException(401, "unauthorized",
                "missing " + WEBHOOK_HEADER + " header"));
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.reveal().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "invalid webhook token");
        }
        JsonNode images = r.bodyObject().path("images");
        if (!images.isArray() || images.isEmpty()) {
            throw ApiException.badRequest("images", "expected a non-empty array of image references");
        }
        List<String> refs = new ArrayList<>();
        for (JsonNode n : images) {
            if (!n.isTextual()) {
                throw ApiException.badRequest("images", "every entry must be a string");
            }
            try {
                ImageRef.parse(n.asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("images", e.getMessage());
            }
            refs.add(n.asText());
        }
        List<Object> results = new ArrayList<>();
        for (String containerId : service.containersUsing(refs)) {
            try {
                results.add(service.update(containerId, "webhook", false));
            } catch (UpdateService.Busy | IllegalStateException e) {
                results.add(Map.of("container_id", containerId, "outcome", "skipped", "reason", e.getMessage()));
            }
        }
        return envelope("updates", results);
    }

    private Object putConfig(ApiRequest r) {
        JsonNode body = r.bodyObject();
        Map<String, Object> merged = new LinkedHashMap<>(service.settings().describe());
        body.fields().forEachRemaining(f -> {
            if (!merged.containsKey(f.getKey())) {
                throw ApiException.badRequest(f.getKey(), "unknown setting; allowed: " + String.join(", ", merged.keySet()));
            }
            merged.put(f.getKey(), Json.mapper().convertValue(f.getValue(), Object.class));
        });
        UpdateSettings next;
        try {
            next = UpdateSettings.from(AlexOsConfig.of(Map.of("watchtower", merged)).section("watchtower"));
        } catch (ConfigException e) {
            throw ApiException.badRequest(e.key().replaceFirst("^watchtower\\.", ""), e.allowed() + " (was " + e.value() + ")");
        }
        service.settings(next, r.principal().name());
        return next.describe();
    }

    private static boolean bool(ApiRequest r, String name) {
        String v = r.query(name).orElse("false");
        if (!v.equals("true") && !v.equals("false")) {
            throw ApiException.badRequest(name, "expected true or false");
        }
        return v.equals("true");
    }

    private Map<String, Object> envelope(String key, List<?> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, list);
        out.put("count", list.size());
        out.put("timestamp", clock.instant().toString());
        return out;
    }
}
