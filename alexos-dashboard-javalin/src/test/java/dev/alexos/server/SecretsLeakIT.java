package dev.alexos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.json.Json;
import dev.alexos.server.secrets.Canaries;
import dev.alexos.server.secrets.LogCapture;
import dev.alexos.testkit.ChatReply;
import dev.alexos.testkit.FakeChatModel;
import dev.alexos.testkit.FakeHttpPeer;
import dev.alexos.testkit.HttpReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependability target "secrets (API keys, tokens, container env values) found nowhere in
 * responses, logs, events, ledger", for the whole product: a real server with Watchtower on a real
 * Docker engine, ChainBot with a remote ChainBot and an LLM provider (loopback fakes), every
 * secret a unique random canary; every GET route, the actions that write events and ledger
 * entries, failed logins and webhooks, the WebSocket; then every response (body and headers),
 * log line, event, ledger entry, WebSocket message and the console are searched for the canaries.
 * The fakes must have received their keys, so the search is known to be able to find them.
 */
class SecretsLeakIT {
    @TempDir
    Path data;

    final Canaries canaries = new Canaries();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final List<String> statuses = new ArrayList<>();
    String dockerHost;
    String base;

    @Test
    void noSecretLeavesTheServer() throws Exception {
        dockerHost = System.getenv("ALEXOS_IT_DOCKER_HOST");
        if (dockerHost == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ALEXOS_IT_DOCKER_HOST not set: run the tests with scripts/test.sh");
            }
            Assumptions.abort("no Docker engine (run scripts/test.sh or scripts/test-env.sh run -- ...)");
        }
        String viewer = canaries.create("viewer token");
        String operator = canaries.create("operator token");
        String admin = canaries.create("admin token");
        String chainbotKey = canaries.create("chainbot.api_key");
        String llmKey = canaries.create("LLM provider api_key");
        String webhookToken = canaries.create("watchtower.webhook_token");
        String dbPassword = canaries.create("container env DB_PASSWORD");
        String apiToken = canaries.create("container env API_TOKEN");
        String foo = canaries.create("container env FOO");
        String wrongLogin = canaries.create("wrong token given to /login");
        String wrongBearer = canaries.create("wrong bearer token");
        String wrongWebhook = canaries.create("wrong webhook token");
        String svcSecret = canaries.create("chainbot.secrets.svc");
        String spawnPassword = canaries.create("framework agent config db_password");
        String spawnHeader = canaries.create("framework agent config header X-Api-Key");
        String urlPassword = canaries.create("password in a provider base_url");

        String prefix = "leak-" + UUID.randomUUID().toString().substring(0, 8);
        String running = prefix + "-run";
        String created = prefix + "-created";
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ConcurrentLinkedQueue<String> wsMessages = new ConcurrentLinkedQueue<>();
        try (LogCapture logs = LogCapture.attach();
                FakeHttpPeer remote = FakeHttpPeer.start();
                FakeChatModel llm = FakeChatModel.start()) {
            remote.on("GET", "/api/health").reply(HttpReply.json(200, Map.of("status", "healthy")));
            remote.on("GET", "/api/chainbot/alex-agents").reply(HttpReply.json(200, List.of(
                    Map.of("id", "remote-alex-1", "name", "Remote Alex", "status", "active", "capabilities", List.of("analysis")))));
            remote.on("GET", "/api/chainbot/ai-agents").reply(HttpReply.json(200, List.of(
                    Map.of("id", "remote-ai-1", "name", "Remote AI", "status", "active", "model", "remote-model"))));
            remote.on("GET", "/api/chainbot/workflows").reply(HttpReply.json(200, List.of(
                    Map.of("id", "remote-flow-1", "name", "Remote flow", "steps", List.of()),
                    Map.of("id", "remote-flow-denied", "name", "Denied flow", "steps", List.of()))));
            // misbehaving peers echo the credentials they were given: in an error, and in a good answer
            remote.on("POST", "/api/chainbot/workflows/{id}/execute").reply(req -> req.pathParam("id").contains("denied")
                    ? HttpReply.json(401, Map.of("error", "invalid credentials: " + req.header("Authorization")))
                    : HttpReply.json(200, Map.of("workflow_id", req.pathParam("id"), "status", "completed",
                            "result", Map.of("ok", true))));
            remote.on("GET", "/svc/echo").reply(req -> HttpReply.json(200, Map.of("seen", req.header("Authorization"))));
            remote.on("GET", "/svc/denied").reply(req -> HttpReply.json(403,
                    Map.of("error", "not allowed for " + req.header("Authorization"))));
            // as OpenAI answers a rejected key: the error message quotes it
            remote.on("POST", "/llm/chat/completions").reply(req -> HttpReply.json(401, Map.of("error", Map.of(
                    "message", "Incorrect API key provided: " + req.header("Authorization").substring(7),
                    "type", "invalid_request_error", "code", "invalid_api_key"))));
            llm.respondWith(req -> ChatReply.text("Hello from the loopback model."));

            String env = "DB_PASSWORD=" + dbPassword;
            docker("run", "-d", "--network", "none", "--name", running, "-e", env, "-e", "API_TOKEN=" + apiToken,
                    "-e", "FOO=" + foo, "--label", "alexos.test=" + prefix, "local/busybox:1", "sleep", "600");
            docker("create", "--network", "none", "--name", created, "-e", env, "-e", "API_TOKEN=" + apiToken,
                    "-e", "FOO=" + foo, "local/busybox:1", "true");
            try (AlexOsServer server = AlexOsServer.builder()
                    .config(AlexOsConfig.of(config(viewer, operator, admin, chainbotKey, llmKey, webhookToken,
                            remote.url(), llm.openAiBaseUrl(), svcSecret, urlPassword)))
                    .dataDirectory(data)
                    .bind("127.0.0.1").port(0)
                    .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                    .build().start()) {
                base = "http://127.0.0.1:" + server.port();
                WebSocket ws = openWebSocket(server.port(), viewer, wsMessages);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(get("/api/watchtower/containers", viewer).body()).contains(running);
                    assertThat(remote.requests("GET", "/api/chainbot/workflows")).as("remote synced").isNotEmpty();
                    assertThat(get("/api/chainbot/remote/workflows", viewer).body()).contains("remote-flow-1");
                });

                exerciseFrameworkAgents(remote.url(), operator, spawnPassword, spawnHeader);
                exercise(server, viewer, operator, admin, running, created, wrongLogin, wrongBearer, wrongWebhook);
                // the update path with the right webhook token: the pull from a registry that does not exist fails
                webhook(webhookToken, "webhook (right token)");
                send("POST", "/api/watchtower/check-updates", operator, "{}");
                send("POST", "/api/watchtower/containers/" + created + "/update", operator, "{}");
                // events published by the actions above reach the WebSocket client asynchronously
                await().atMost(Duration.ofSeconds(20)).until(() -> wsMessages.stream().anyMatch(m -> m.contains("llm")));
                assertThat(get("/api/events?limit=1000", admin).statusCode()).isEqualTo(200);
                // the ledger route serves at most 1,000 entries a page: read every page
                int ledgerEntries = 0;
                for (long from = 1; ; from += 1000) {
                    HttpResponse<String> page = get("/api/ledger?limit=1000&from=" + from, admin);
                    assertThat(page.statusCode()).isEqualTo(200);
                    int n = Json.mapper().readTree(page.body()).path("entries").size();
                    ledgerEntries += n;
                    if (n < 1000) {
                        break;
                    }
                }
                assertThat(ledgerEntries).as("ledger entries written by the actions").isPositive();
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
                // the server's own copy of the events and ledger, not only what the routes chose to show
                server.runtime().eventBus().replay(0, "*", 100_000).events()
                        .forEach(e -> canaries.scan("event bus replay " + e.topic(), String.valueOf(e)));
                server.runtime().ledger().read(0, 100_000)
                        .forEach(e -> canaries.scan("ledger entry " + e.seq(), String.valueOf(e)));
            }
            wsMessages.forEach(m -> canaries.scan("WebSocket message", m));
            logs.lines().forEach(l -> canaries.scan("log", l));
            canaries.scan("console", console.toString(StandardCharsets.UTF_8));
            scanFiles(data);

            // the test can fail: the two places the keys must go did receive them
            assertThat(remote.requests()).filteredOn(r -> r.path().startsWith("/api/")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + chainbotKey));
            assertThat(remote.requests()).filteredOn(r -> r.path().startsWith("/llm/")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + llmKey));
            assertThat(remote.requests()).filteredOn(r -> r.path().startsWith("/svc/")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + svcSecret));
            assertThat(docker("inspect", running)).contains(dbPassword, apiToken, foo);
            assertThat(llm.httpRequests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + llmKey));
            assertThat(wsMessages).hasSizeGreaterThan(5);
            assertThat(logs.lines()).isNotEmpty();
        } finally {
            for (String name : List.of(running, created)) {
                dockerQuietly("rm", "-f", name);
            }
        }
        Path tokens = data.resolve("auth/tokens.json");
        if (Files.exists(tokens)) {
            assertThat(Files.readString(tokens)).doesNotContain(viewer, operator, admin);
        }
        System.out.println("SecretsLeakIT: scanned " + canaries.scanned() + ";\n  " + String.join("\n  ", statuses));
        assertThat(canaries.leaks()).as("secrets found outside the server").isEmpty();
    }

    private Map<String, Object> config(String viewer, String operator, String admin, String chainbotKey, String llmKey,
            String webhookToken, String remoteUrl, String llmUrl, String svcSecret, String urlPassword) {
        return Map.of(
                "server", Map.of("tokens", List.of(
                        Map.of("name", "viewer", "role", "viewer", "token", viewer),
                        Map.of("name", "operator", "role", "operator", "token", operator),
                        Map.of("name", "admin", "role", "admin", "token", admin))),
                "watchtower", Map.of("endpoints", List.of(Map.of("name", "local", "host", dockerHost)),
                        "stats_interval", "1s", "webhook_token", webhookToken),
                "chainbot", Map.of("api_url", remoteUrl, "api_key", chainbotKey,
                        "health_check_interval", "500ms", "sync_interval", "500ms",
                        "providers", Map.of(
                                "loopback", Map.of("kind", "openai", "base_url", llmUrl, "api_key", llmKey, "max_retries", 0),
                                "rejecting", Map.of("kind", "openai", "base_url", remoteUrl + "/llm", "api_key", llmKey,
                                        "max_retries", 0),
                                // a gateway with credentials in its URL, down (nothing listens on port 9)
                                "gateway", Map.of("kind", "openai", "base_url", "http://gw:" + urlPassword + "@127.0.0.1:9/v1")),
                        "ai_agents", List.of(
                                Map.of("id", "leak-ai", "name", "Leak AI", "type", "chatgpt",
                                        "provider", "loopback", "model", "loopback-model"),
                                Map.of("id", "leak-ai-rejected", "name", "Rejected AI", "type", "chatgpt",
                                        "provider", "rejecting", "model", "loopback-model"),
                                Map.of("id", "leak-ai-gateway", "name", "Gateway AI", "type", "chatgpt",
                                        "provider", "gateway", "model", "loopback-model")),
                        "secrets", Map.of("svc", svcSecret)));
    }

    /** Every route and the actions that put data into events, the ledger and logs. */
    private void exercise(AlexOsServer server, String viewer, String operator, String admin, String running,
            String created, String wrongLogin, String wrongBearer, String wrongWebhook) throws Exception {
        send("POST", "/api/agents/leak-ai/tasks", operator,
                "{\"action\": \"chat\", \"params\": {\"prompt\": \"Say hello.\"}, \"timeout_ms\": 20000}");
        send("POST", "/api/watchtower/containers/" + running + "/restart", operator, "{}");
        send("POST", "/api/chainbot/remote/workflows/remote-flow-1/execute", operator, "{\"inputs\": {}}");
        send("POST", "/api/chainbot/remote/workflows/remote-flow-denied/execute", operator, "{}");
        send("POST", "/api/chainbot/remote/sync", operator, "{}");
        for (String agent : List.of("leak-ai-rejected", "leak-ai-gateway")) {
            send("POST", "/api/agents/" + agent + "/tasks", operator,
                    "{\"action\": \"chat\", \"params\": {\"prompt\": \"Say hello.\"}, \"timeout_ms\": 20000}");
        }
        send("PUT", "/api/watchtower/config", admin, "{}");
        send("POST", "/login", null, "{\"token\": \"" + wrongLogin + "\"}");
        send("POST", "/login", null, "{\"token\": \"" + viewer + "\"}");
        get("/api/agents", wrongBearer);
        webhook(wrongWebhook, "webhook (wrong token)");
        JsonNode workflows = Json.mapper().readTree(get("/api/chainbot/workflows", viewer).body()).path("workflows");
        JsonNode executions = Json.mapper().readTree(get("/api/chainbot/executions", viewer).body()).path("executions");
        for (ApiRoute route : server.routes()) {
            if (route.method() != HttpMethod.GET) {
                continue;
            }
            for (String id : ids(route.path(), running, created, workflows, executions)) {
                get(route.path().replaceAll("\\{[^}]*}", id), admin);
            }
        }
        for (String c : List.of(running, created)) {
            get("/api/watchtower/containers/" + c + "/logs?tail=200", admin);
        }
        for (String page : List.of("/", "/dashboard/", "/dashboard/watchtower", "/dashboard/chainbot", "/login")) {
            get(page, viewer);
        }
        get("/metrics", viewer);
    }

    private void webhook(String token, String what) throws Exception {
        HttpRequest hook = HttpRequest.newBuilder(URI.create(base + "/api/watchtower/webhook/watchtower-001"))
                .timeout(Duration.ofSeconds(60)).header("X-Alexos-Webhook-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"images\": [\"local/busybox:1\"]}")).build();
        record("POST " + what, http.send(hook, HttpResponse.BodyHandlers.ofString()));
    }

    /** Framework agents: a named secret used by an {@code api} agent, secret-looking config values. */
    private void exerciseFrameworkAgents(String peerUrl, String operator, String spawnPassword, String spawnHeader)
            throws Exception {
        String spawn = "/api/chainbot/agents/alex-framework";
        assertThat(send("POST", spawn, operator, "{\"type\": \"api\", \"id\": \"leak-api\", \"config\": {\"url\": \""
                + peerUrl + "/svc\", \"auth_secret\": \"svc\"}}").statusCode()).isEqualTo(201);
        send("POST", spawn, operator, "{\"type\": \"api\", \"config\": {\"url\": \"" + peerUrl
                + "/svc\", \"headers\": {\"X-Api-Key\": \"" + spawnHeader + "\"}}}");
        HttpResponse<String> dp = send("POST", spawn, operator, "{\"type\": \"data_processor\", \"id\": \"leak-dp\", "
                + "\"config\": {\"db_password\": \"" + spawnPassword + "\"}}");
        // stored and shown redacted, or refused (as the spawner now does): either way never echoed
        assertThat(dp.statusCode()).as(dp.body()).isIn(201, 400);
        for (String path : List.of("echo", "denied")) {
            send("POST", "/api/agents/leak-api/tasks", operator,
                    "{\"action\": \"call\", \"params\": {\"path\": \"" + path + "\"}, \"timeout_ms\": 20000}");
        }
    }

    /** Real ids for a route's path parameters, so the detail routes answer with data. */
    private static List<String> ids(String path, String running, String created, JsonNode workflows, JsonNode executions) {
        if (!path.contains("{")) {
            return List.of("");
        }
        if (path.contains("/containers/")) {
            return List.of(running, created);
        }
        if (path.contains("/workflows/")) {
            List<String> out = new ArrayList<>();
            workflows.forEach(w -> out.add(w.path("id").asText()));
            return out;
        }
        if (path.contains("/executions/")) {
            List<String> out = new ArrayList<>();
            executions.forEach(e -> out.add(e.path("execution_id").asText(e.path("id").asText())));
            return out.isEmpty() ? List.of("x-unknown") : out;
        }
        if (path.startsWith("/api/agents/") || path.contains("/agents/")) {
            return List.of("leak-ai", "leak-ai-rejected", "leak-ai-gateway", "leak-api", "leak-dp", "watchtower-001", "chainbot-001", "remote:remote-alex-1", "remote:remote-ai-1");
        }
        if (path.startsWith("/api/plugins/")) {
            return List.of("watchtower", "chainbot", "server");
        }
        return List.of("x-unknown");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        record(method + " " + path, r);
        return r;
    }

    private void record(String what, HttpResponse<String> r) {
        statuses.add(r.statusCode() + " " + what);
        canaries.scan("response body of " + what, r.body());
        canaries.scan("response headers of " + what, r.headers().map().toString());
    }

    private WebSocket openWebSocket(int port, String token, ConcurrentLinkedQueue<String> sink) throws Exception {
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
                        partial.append(text);
                        if (last) {
                            sink.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"action\": \"subscribe\", \"topics\": [\"*\"], \"since\": 0}", true).get(10, TimeUnit.SECONDS);
        return ws;
    }

    /** The ledger and any log file in the data directory, as stored on disk. */
    private void scanFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                if (rel.startsWith("ledger") || rel.startsWith("logs") || rel.startsWith("auth") || rel.endsWith(".log")) {
                    canaries.scan("file " + rel, new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    private String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", dockerHost);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("docker " + args[0] + " failed: " + out);
            }
            return out.strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void dockerQuietly(String... args) {
        try {
            docker(args);
        } catch (RuntimeException e) {
            System.err.println("cleanup: " + e.getMessage());
        }
    }
}
