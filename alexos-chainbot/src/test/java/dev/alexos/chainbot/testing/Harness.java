package dev.alexos.chainbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.ChainBotModule;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only host for the ChainBot module: fakes for the runtime, the module started on them,
 * and routes called as a host would (exceptions rendered as the error JSON). Every response
 * body is kept for the secrets test.
 */
public final class Harness implements AutoCloseable {
    public final CapturingBus bus;
    public final MemoryLedger ledger;
    public final SimpleRegistry registry;
    public final Clock clock;
    private final dev.alexos.core.Scheduler scheduler;
    private final Map<String, Object> config;
    private final Path dataDir;
    private final List<FrameworkAgentType> types;
    private ChainBotModule module;
    private TestModuleContext ctx;
    public final List<String> responses = new ArrayList<>();

    /** A response: status and body. */
    public record Response(int status, JsonNode json, String raw) {
    }

    public Harness(Map<String, Object> chainbotConfig, Path dataDir, dev.alexos.core.Scheduler scheduler, Clock clock,
            List<FrameworkAgentType> types) throws Exception {
        this.config = chainbotConfig;
        this.dataDir = dataDir;
        this.scheduler = scheduler;
        this.clock = clock;
        this.types = types;
        this.bus = new CapturingBus(clock);
        this.ledger = new MemoryLedger(clock);
        this.registry = new SimpleRegistry(clock);
        start();
    }

    private void start() throws Exception {
        ctx = new TestModuleContext(bus, ledger, clock, new MapConfig("chainbot", config), scheduler, dataDir, registry);
        registry.contexts(ctx::agentContext);
        module = new ChainBotModule(types);
        module.start(ctx);
        // the stores and the workflow engine start in the background: tests begin once they are up
        org.awaitility.Awaitility.await("ChainBot's background start").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> !module.health().message().equals("starting"));
    }

    /** Stops the module and starts a new one on the same data directory, bus and ledger. */
    public void restart() throws Exception {
        module.stop();
        start();
    }

    public ChainBotModule module() {
        return module;
    }

    public Response get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    public Response post(String path, String body) {
        return call(HttpMethod.POST, path, body);
    }

    public Response delete(String path) {
        return call(HttpMethod.DELETE, path, null);
    }

    public Response call(HttpMethod method, String fullPath, String body) {
        String path = fullPath;
        Map<String, String> query = new HashMap<>();
        int q = fullPath.indexOf('?');
        if (q >= 0) {
            path = fullPath.substring(0, q);
            for (String kv : fullPath.substring(q + 1).split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        for (ApiRoute r : ctx.routes) {
            Map<String, String> params = match(r.path(), path);
            if (r.method() != method || params == null) {
                continue;
            }
            int status = 200;
            Object result;
            try {
                result = r.handler().handle(new FakeRequest(method, path, params, query, body));
                if (result instanceof ApiResponse ar) {
                    status = ar.status();
                    result = ar.body();
                }
            } catch (ApiException e) {
                status = e.status();
                Map<String, Object> err = new HashMap<>();
                err.put("code", e.code());
                err.put("message", e.getMessage());
                err.put("status", e.status());
                err.put("field", e.field());
                result = Map.of("error", err);
            } catch (Exception e) {
                throw new AssertionError("route " + r.path() + " threw " + e, e);
            }
            try {
                String raw = Json.mapper().writeValueAsString(result);
                responses.add(raw);
                return new Response(status, Json.mapper().readTree(raw), raw);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no route " + method + " " + path);
    }

    private static Map<String, String> match(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    @Override
    public void close() {
        module.stop();
    }
}
