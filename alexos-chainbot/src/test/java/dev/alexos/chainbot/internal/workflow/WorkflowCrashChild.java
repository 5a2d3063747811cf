package dev.alexos.chainbot.internal.workflow;

import dev.alexos.core.json.Json;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link WorkflowCrashIT}: starts many runs, reports each id once the engine
 * has accepted it (durably), reports completions, then waits to be killed.
 */
public final class WorkflowCrashChild {
    private WorkflowCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        CrashWorld world = new CrashWorld(dir);
        for (int i = 0; i < runs; i++) {
            var inputs = Json.object();
            inputs.put("n", i);
            inputs.put("ms", 100 + (i * 37) % 2500);
            String id = world.workflows.engine().start("crashy", inputs, "crash-test");
            System.out.println("STARTED " + id);
            System.out.flush();
            world.workflows.engine().completion(id).thenAccept(r -> {
                System.out.println("FINISHED " + r.id() + " " + r.status().wireName());
                System.out.flush();
            });
        }
        System.out.println("ALL_STARTED");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
