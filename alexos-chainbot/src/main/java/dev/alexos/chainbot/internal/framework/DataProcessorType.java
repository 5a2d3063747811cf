package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code data_processor}: transforms JSON or CSV records ({@link DataTransform}). Config:
 * {@code operations} (the default pipeline), {@code input_format} ({@code json|csv|auto}),
 * {@code output_format} ({@code json|csv}). Task {@code process} with {@code {"input", "operations"?,
 * "format"?, "output_format"?}} → {@code {"records": [...], "count"}} or {@code {"csv", "count"}}.
 */
public final class DataProcessorType implements FrameworkAgentType {
    private static final Set<String> IN = Set.of("json", "csv", "auto");
    private static final Set<String> OUT = Set.of("json", "csv");

    @Override
    public String type() {
        return "data_processor";
    }

    @Override
    public String description() {
        return "filters, reshapes and aggregates JSON or CSV records";
    }

    @Override
    public Agent create(FrameworkAgentSpec spec) {
        ObjectNode c = spec.config();
        DataTransform.validate(c.get("operations"), "config.operations");
        String in = Configs.optionalText(c, "input_format", "auto");
        if (!IN.contains(in)) {
            throw new IllegalArgumentException("config.input_format: expected json, csv or auto");
        }
        String out = Configs.optionalText(c, "output_format", "json");
        if (!OUT.contains(out)) {
            throw new IllegalArgumentException("config.output_format: expected json or csv");
        }
        JsonNode ops = c.get("operations");
        return new Processor(spec.id(), ops == null ? Json.array() : ops.deepCopy(), in, out);
    }

    /** The processor agent. */
    static final class Processor implements Agent {
        private final String id;
        private final JsonNode operations;
        private final String inputFormat;
        private final String outputFormat;

        Processor(String id, JsonNode operations, String inputFormat, String outputFormat) {
            this.id = id;
            this.operations = operations;
            this.inputFormat = inputFormat;
            this.outputFormat = outputFormat;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, id, "data_processor").capability("process").capability("data_processing")
                    .metadata("operations", operations.size()).build();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            if (!task.action().equals("process")) {
                return Agent.super.handle(task);
            }
            try {
                ObjectNode p = task.params();
                JsonNode ops = p.has("operations") ? p.get("operations") : operations;
                DataTransform.validate(ops, "operations");
                String format = p.path("format").asText(inputFormat);
                if (!IN.contains(format)) {
                    throw new IllegalArgumentException("format: expected json, csv or auto");
                }
                String out = p.path("output_format").asText(outputFormat);
                if (!OUT.contains(out)) {
                    throw new IllegalArgumentException("output_format: expected json or csv");
                }
                List<ObjectNode> rows = DataTransform.apply(DataTransform.parse(p.get("input"), format), ops);
                ObjectNode result = Json.object();
                if (out.equals("csv")) {
                    result.put("csv", DataTransform.toCsv(rows));
                } else {
                    result.set("records", Json.mapper().valueToTree(rows));
                }
                result.put("count", rows.size());
                return CompletableFuture.completedFuture(TaskResult.success(result));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(TaskResult.failure(e.getMessage()));
            }
        }
    }
}
