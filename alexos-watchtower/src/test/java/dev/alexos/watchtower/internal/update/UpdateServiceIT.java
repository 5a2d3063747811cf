package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.sun.net.httpserver.HttpServer;
import dev.alexos.testkit.AgentTestKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update service against a real engine and registry: policies decide who is touched, one
 * manifest check per image per run (counted by a loopback proxy in front of the registry), and
 * every outcome is an event, a ledger entry and a history record that survives a restart.
 */
class UpdateServiceIT {
    @TempDir
    Path tmp;
    DockerCli cli;
    DockerClient docker;
    HttpServer proxy;
    final List<String> registryRequests = new CopyOnWriteArrayList<>();
    AgentTestKit kit;
    String repo;
    String prefix;

    @BeforeEach
    void setUp() throws IOException {
        cli = DockerCli.fromEnvironment();
        docker = cli.client();
        prefix = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        repo = cli.registry + "/" + prefix;
        HttpClient http = HttpClient.newHttpClient();
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", ex -> {
            registryRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            var req = HttpRequest.newBuilder(URI.create("http://" + cli.registry + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
            String accept = ex.getRequestHeaders().getFirst("Accept");
            if (accept != null) {
                req.header("Accept", accept);
            }
            try {
                HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
                res.headers().firstValue("Docker-Content-Digest").ifPresent(d -> ex.getResponseHeaders().add("Docker-Content-Digest", d));
                res.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().add("Content-Type", t));
                boolean body = ex.getRequestMethod().equals("GET") && res.body().length > 0;
                ex.sendResponseHeaders(res.statusCode(), body ? res.body().length : -1);
                if (body) {
                    ex.getResponseBody().write(res.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
            }
            ex.close();
        });
        proxy.start();
        kit = AgentTestKit.builder().module("watchtower").executor(Runnable::run).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (cli == null) {
            return;
        }
        proxy.stop(0);
        kit.close();
        cli.removeNamed(prefix);
        docker.close();
    }

    final List<String> notifications = new CopyOnWriteArrayList<>();
    HttpServer hook;

    private UpdateService service(boolean autoUpdate) {
        return service(autoUpdate, List.of());
    }

    private UpdateService service(boolean autoUpdate, List<URI> notify) {
        return service(autoUpdate, notify, Duration.ZERO);
    }

    private UpdateService service(boolean autoUpdate, List<URI> notify, Duration coolDown) {
        UpdateSettings s = new UpdateSettings(Duration.ofMinutes(5), null, autoUpdate, false, false, false, UpdatePolicy.Window.ALWAYS,
                coolDown, Duration.ofSeconds(20), Duration.ofSeconds(2), 100);
        RegistryClient registry = new RegistryClient(RegistryCredentials.none(), kit.clock(), 100, Duration.ofHours(1),
                Duration.ofSeconds(5), Map.of(cli.registry, "127.0.0.1:" + proxy.getAddress().getPort()));
        SafeUpdater updater = new SafeUpdater(docker, new UpdateJournal(tmp.resolve("journal")), kit.clock(),
                new SafeUpdater.Settings(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60), false), null);
        return new UpdateService(List.of(new UpdateService.Endpoint("local", docker, updater)), registry,
                new UpdateHistory(tmp.resolve("history.jsonl"), 100), kit.contextFor("watchtower-001"), s, notify);
    }

    private void push(String version) throws IOException {
        cli.build(tmp.resolve("b" + version), repo + ":latest", "FROM local/busybox:1\nLABEL version=" + version
                + "\nCMD [\"/bin/sleep\",\"3600\"]\n");
        cli.run("push", repo + ":latest");
    }

    private String run(String name, String... labels) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--network", "none", "--name", prefix + "-" + name));
        for (String l : labels) {
            args.add("-l");
            args.add(l);
        }
        args.add(repo + ":latest");
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void policiesDecideWhoIsTouchedAndEachImageIsCheckedOncePerRun() throws Exception {
        push("1");
        String plain = run("plain");
        String plain2 = run("plain2");
        String monitor = run("monitor", "com.centurylinklabs.watchtower.monitor-only=true");
        String disabled = run("disabled", "com.centurylinklabs.watchtower.enable=false");
        String digestRef = cli.inspect(repo + ":latest", "{{index .RepoDigests 0}}");
        String pinned = cli.run("run", "-d", "--network", "none", "--name", prefix + "-pinned", digestRef);
        push("2");

        UpdateService checker = service(false);
        assertThat(checker.pending()).isEmpty();
        List<UpdateCandidate> found = checker.check();
        assertThat(checker.pending()).extracting(UpdateCandidate::containerId).containsExactlyInAnyOrder(plain, plain2, monitor);

        assertThat(found).filteredOn(UpdateCandidate::updateAvailable).extracting(UpdateCandidate::containerId)
                .containsExactlyInAnyOrder(plain, plain2, monitor);
        assertThat(found).extracting(UpdateCandidate::containerId).doesNotContain(disabled, pinned);
        assertThat(registryRequests).filteredOn(r -> r.startsWith("HEAD /v2/" + prefix + "/manifests/")).hasSize(1);
        assertThat(kit.events().events()).filteredOn(e -> e.topic().equals("watchtower.update_detected")).hasSize(3);

        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", ex -> {
            notifications.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        UpdateService auto = service(true, List.of(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook")));
        assertThatThrownBy(() -> auto.update(monitor, "test", false)).hasMessageContaining("monitor-only");
        List<UpdateRecord> applied = auto.scheduledRun();

        assertThat(applied).extracting(UpdateRecord::containerName).containsExactlyInAnyOrder(prefix + "-plain", prefix + "-plain2");
        assertThat(applied).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(UpdateRecord.APPLIED));
        assertThat(auto.pending()).extracting(UpdateCandidate::containerId).containsExactly(monitor);
        assertThat(cli.inspect(prefix + "-plain", "{{index .Config.Labels \"version\"}}")).isEqualTo("2");
        assertThat(cli.inspect(monitor, "{{.Id}}")).isEqualTo(monitor);
        assertThat(cli.inspect(monitor, "{{index .Config.Labels \"version\"}}")).isEqualTo("1");
        assertThat(cli.inspect(disabled, "{{index .Config.Labels \"version\"}}")).isEqualTo("1");
        assertThat(cli.inspect(pinned, "{{.Id}}")).isEqualTo(pinned);
        assertThat(kit.events().events()).filteredOn(e -> e.topic().equals("watchtower.update_applied")).hasSize(2);
        assertThat(kit.ledger().entries()).filteredOn(e -> e.type().equals("watchtower.update_applied")).hasSize(2);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !notifications.isEmpty());
        assertThat(notifications).singleElement().asString().contains("\"outcome\":\"applied\"").contains(prefix + "-plain2");
        hook.stop(0);
        assertThat(tmp.resolve("known-good").resolve(prefix + "-plain.json")).exists();

        UpdateHistory reopened = new UpdateHistory(tmp.resolve("history.jsonl"), 100);
        assertThat(reopened.newest(10)).extracting(UpdateRecord::outcome).containsOnly(UpdateRecord.APPLIED).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void previewShowsBothDigestsTheKeptConfigurationByEnvNameAndWhatTheNewImageSupplies() throws Exception {
        push("1");
        String name = prefix + "-preview";
        cli.run("run", "-d", "--network", "none", "--name", name, "-e", "SECRET_TOKEN=hunter2-value", "-l", "mine=yes",
                "--restart", "unless-stopped", "--memory", "64m", repo + ":latest");
        String oldDigest = cli.inspect(repo + ":latest", "{{index .RepoDigests 0}}").replaceFirst("^.*@", "");
        cli.build(tmp.resolve("b2env"), repo + ":latest", "FROM local/busybox:1\nLABEL version=2\nENV NEW_SETTING=x\n"
                + "HEALTHCHECK --interval=5s CMD [\"/bin/true\"]\nCMD [\"/bin/sleep\",\"3601\"]\n");
        cli.run("push", repo + ":latest");
        UpdateService service = service(false);

        Map<String, Object> p = service.preview(name);

        assertThat(p.get("update_available")).isEqualTo(true);
        assertThat(p.get("current_digest")).isEqualTo(oldDigest);
        assertThat((String) p.get("new_digest")).startsWith("sha256:").isNotEqualTo(oldDigest);
        Map<String, Object> kept = (Map<String, Object>) p.get("configuration_kept");
        assertThat((List<String>) kept.get("env_names")).containsExactly("SECRET_TOKEN"); // PATH came from the image
        assertThat((Map<String, String>) kept.get("labels")).containsExactly(Map.entry("mine", "yes"));
        assertThat(kept).containsEntry("restart_policy", "unless-stopped").containsEntry("network_mode", "none")
                .containsEntry("memory", 64L * 1024 * 1024).doesNotContainKey("command");
        Map<String, Object> fresh = (Map<String, Object>) p.get("from_new_image");
        assertThat((List<String>) fresh.get("env_names")).contains("PATH", "NEW_SETTING");
        assertThat((Map<String, String>) fresh.get("labels")).containsEntry("version", "2");
        assertThat((List<String>) fresh.get("command")).containsExactly("/bin/sleep", "3601");
        assertThat((List<String>) fresh.get("health_check")).containsExactly("CMD", "/bin/true");
        assertThat((List<String>) fresh.get("replaces")).contains("command", "env PATH", "label version");
        assertThat(fresh.get("created")).isNotNull();
        assertThat(dev.alexos.core.json.Json.mapper().writeValueAsString(p)).doesNotContain("hunter2-value");
        assertThat(cli.inspect(name, "{{index .Config.Labels \"version\"}}")).as("a preview changes nothing").isEqualTo("1");
    }

    @Test
    void coolDownCountsFromTheImagesCreationTimeInTheRegistry() throws Exception {
        push("1");
        String app = run("cool");
        push("2");
        Instant created = Instant.parse(cli.inspect(repo + ":latest", "{{.Created}}"));
        // The virtual clock starts long before the build: first-seen + 1 h is passed well before created + 1 h.
        kit.clock().advanceTo(created.plus(Duration.ofMinutes(59)));
        UpdateService auto = service(true, List.of(), Duration.ofHours(1));

        List<UpdateRecord> early = auto.scheduledRun();
        List<UpdateCandidate> found = auto.check();

        assertThat(early).isEmpty();
        assertThat(found).filteredOn(c -> c.containerId().equals(app)).singleElement().satisfies(c -> {
            assertThat(c.coolDownBasis()).isEqualTo("image_created");
            assertThat(c.publishedAt()).isEqualTo(created);
            assertThat(c.coolDownUntil()).isEqualTo(created.plus(Duration.ofHours(1)));
        });
        long blobGets = registryRequests.stream().filter(r -> r.startsWith("GET /v2/" + prefix + "/blobs/")).count();
        assertThat(blobGets).as("the creation time is fetched once per digest").isEqualTo(1);

        kit.clock().advance(Duration.ofMinutes(1));
        List<UpdateRecord> due = auto.scheduledRun();

        assertThat(due).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(UpdateRecord.APPLIED));
        assertThat(cli.inspect(prefix + "-cool", "{{index .Config.Labels \"version\"}}")).isEqualTo("2");
    }
}
