package dev.alexos.examples.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.event.Event;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.VerifyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Embeds ALEX OS in a plain Java application: the runtime with the Watchtower and ChainBot
 * modules (found on the classpath as Maven dependencies), the application's own agent, the
 * event bus and the ledger — without any HTTP server. Run by the build; it throws (failing the
 * build) when something it checks is wrong.
 *
 * <p>Usage: {@code EmbeddedApp [data-directory]}.
 */
public final class EmbeddedApp {

    private EmbeddedApp() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data");
        try (AlexOs os = AlexOs.builder().dataDirectory(data).agent(new GreeterAgent()).build().start()) {
            List<Event> seen = new CopyOnWriteArrayList<>();
            CountDownLatch greeted = new CountDownLatch(1);
            os.eventBus().subscribe("app.*", e -> {
                seen.add(e);
                greeted.countDown();
            });

            System.out.println("Agents:");
            for (AgentInfo a : os.agents().list()) {
                System.out.printf("  %-24s %-10s %s%n", a.id(), a.status(), a.descriptor().source());
            }
            System.out.println("Health: " + os.health().status().wireName());

            ObjectNode params = Json.object().put("name", "embedded world");
            TaskResult r = os.agents().send("greeter-1", Task.of("greet", params).withTimeout(Duration.ofSeconds(10)))
                    .get(30, TimeUnit.SECONDS);
            System.out.println("greeter-1 answered: " + r.output());
            require(r.succeeded(), "the greet task failed: " + r.error());
            require(r.output().path("greeting").asText().equals("Hello, embedded world!"), "unexpected greeting");

            require(greeted.await(10, TimeUnit.SECONDS) && seen.get(0) != null && seen.get(0).topic().equals("app.greeted"), "no app.greeted event arrived");

            VerifyReport verify = os.ledger().verify();
            System.out.println("Ledger: " + verify);
            require(os.ledger().headSeq() >= 1, "the greeting was not recorded in the ledger");

            // the same framework-neutral routes the reference server serves, for an embedder's own host
            List<ApiRoute> routes = os.routes();
            System.out.println(routes.size() + " HTTP routes available to an embedding host, e.g. "
                    + routes.get(0).method() + " " + routes.get(0).path());
            boolean modules = os.modules().stream().anyMatch(m -> m.id().equals("watchtower"))
                    && os.modules().stream().anyMatch(m -> m.id().equals("chainbot"));
            require(modules, "the Watchtower and ChainBot modules were not found on the classpath");
            System.out.println("Embedded app OK");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
