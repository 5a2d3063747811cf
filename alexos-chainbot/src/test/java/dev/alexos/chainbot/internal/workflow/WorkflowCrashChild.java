package dev.alexos.chainbot.internal.workflow;

import dev.alexos.core.json.Json;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link WorkflowCrashIT}: opens the engine on the data directory (resuming
 * what a killed predecessor left), starts runs {@code first .. first+count-1}, reports each id
 * once the engine has accepted it (durably), each agent task as it starts ("EFFECT action n")
 * and each completion, then waits to be killed.
 */
public final class WorkflowCrashChild {
    private WorkflowCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        CrashWorld world = new CrashWorld(dir, effect -> line("EFFECT " + effect));
        var engine = world.workflows.engine();
        // runs resumed from the previous life report their ends too
        for (var r : engine.runs("crashy", 10_000)) {
            if (!r.status().isTerminal()) {
                engine.completion(r.id()).thenAccept(x -> line("FINISHED " + x.id() + " " + x.status().wireName()));
            }
        }
        for (int i = first; i < first + count; i++) {
            var inputs = Json.object();
            inputs.put("n", i);
            inputs.put("ms", 100 + (i * 37) % 2500);
            String id = engine.start("crashy", inputs, "crash-test");
            line("STARTED " + id);
            engine.completion(id).thenAccept(r -> line("FINISHED " + r.id() + " " + r.status().wireName()));
        }
        line("ALL_STARTED");
        new CountDownLatch(1).await();
    }

    private static synchronized void line(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
