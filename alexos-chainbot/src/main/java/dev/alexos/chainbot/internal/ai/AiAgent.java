package dev.alexos.chainbot.internal.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.llm.ChatMessage;
import dev.alexos.chainbot.internal.llm.ChatRequest;
import dev.alexos.chainbot.internal.llm.ChatResponse;
import dev.alexos.chainbot.internal.llm.LlmException;
import dev.alexos.chainbot.internal.llm.LlmProvider;
import dev.alexos.chainbot.internal.llm.TokenSink;
import dev.alexos.chainbot.internal.llm.TokenUsage;
import dev.alexos.chainbot.internal.llm.ToolCall;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * An agent backed by a chat model: provider + model + persona + parameters + other agents as
 * tools. Handles {@code chat} ({@code {"prompt", "system"?, "messages"?}} →
 * {@code {"text", "usage", "model"}}); a {@code supervisor} also routes any other action to
 * the member the model picks ({@link SupervisorRouting}).
 *
 * <p>Streamed tokens are published as {@code chainbot.llm_token}; each finished call as
 * {@code chainbot.llm_completed} with its token usage, each failure as {@code chainbot.llm_failed}.
 * With no provider configured the agent is {@code not_configured} and its tasks fail saying so.
 * Thread-safe.
 */
public final class AiAgent implements Agent {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);
    private final AiAgentSpec spec;
    private final Optional<LlmProvider> provider;
    private final AgentDescriptor descriptor;
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile AgentContext context;

    public AiAgent(AiAgentSpec spec, Optional<LlmProvider> provider) {
        this.spec = spec;
        this.provider = provider;
        AgentDescriptor.Builder b = AgentDescriptor.builder(spec.id(), spec.name(), spec.type()).source("ai")
                .capability("chat").metadata("provider", spec.provider()).metadata("model", spec.model())
                .metadata("streaming", spec.stream()).metadata("tools", spec.tools());
        if (spec.type().equals("supervisor")) {
            b.capability("route");
        }
        this.descriptor = b.build();
    }

    @Override
    public AgentDescriptor descriptor() {
        return descriptor;
    }

    public AiAgentSpec spec() {
        return spec;
    }

    @Override
    public void start(AgentContext ctx) {
        this.context = ctx;
    }

    @Override
    public Health health() {
        if (provider.isEmpty()) {
            return Health.notConfigured("no model provider '" + spec.provider() + "' is configured (set chainbot.providers."
                    + spec.provider() + ".api_key or .base_url)");
        }
        String err = lastError.get();
        Health h = err == null ? Health.healthy() : Health.degraded("the last call failed: " + err);
        return h.withDetails(Map.of("usage", usage(), "calls", calls.sum(), "failures", failures.sum()));
    }

    /** Tokens spent since start, as {@code {prompt_tokens, completion_tokens, total_tokens}}. */
    public Map<String, Object> usage() {
        long p = promptTokens.sum();
        long c = completionTokens.sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", p);
        m.put("completion_tokens", c);
        m.put("total_tokens", p + c);
        return m;
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        if (task.action().equals("chat")) {
            return chat(task);
        }
        if (spec.type().equals("supervisor") && context != null) {
            return new SupervisorRouting(this, context.agents()).route(task);
        }
        return Agent.super.handle(task);
    }

    private CompletableFuture<TaskResult> chat(Task task) {
        ChatInput in;
        try {
            in = ChatInput.parse(task.params());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(TaskResult.failure(e.getMessage()));
        }
        if (provider.isEmpty()) {
            return CompletableFuture.completedFuture(failure("not_configured", "AI agent '" + spec.id()
                    + "' is not configured: " + health().message()));
        }
        List<ChatMessage> messages = new ArrayList<>();
        String system = spec.systemPrompt() == null ? "" : spec.systemPrompt();
        if (in.system() != null && !in.system().isBlank()) {
            system = system.isBlank() ? in.system() : system + "\n\n" + in.system();
        }
        if (!system.isBlank()) {
            messages.add(ChatMessage.system(system));
        }
        messages.addAll(in.history());
        if (in.prompt() != null && !in.prompt().isBlank()) {
            messages.add(ChatMessage.user(in.prompt()));
        }
        AgentTools tools = context == null || spec.tools().isEmpty() || spec.maxToolRounds() == 0
                ? null : new AgentTools(context.agents(), spec.tools(), spec.id());
        boolean stream = in.stream() != null ? in.stream() : spec.stream();
        ChatRequest request = new ChatRequest(spec.model(), messages,
                in.temperature() != null ? in.temperature() : spec.temperature(),
                in.maxTokens() != null ? in.maxTokens() : spec.maxTokens(),
                tools == null ? List.of() : tools.specs(), stream);
        long started = System.nanoTime();
        AtomicInteger index = new AtomicInteger();
        String sessionId = task.params().path("session_id").asText(null);
        TokenSink sink = stream && context != null
                ? token -> {
                    ObjectNode ev = Json.object().put("agent_id", spec.id()).put("task_id", task.id())
                            .put("request_id", task.id()).put("index", index.getAndIncrement()).put("token", token);
                    if (sessionId != null) {
                        ev.put("session_id", sessionId);
                    }
                    context.publish("llm_token", ev);
                }
                : TokenSink.NONE;
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
        round(request, sink, tools, task, in.depth(), 0, TokenUsage.NONE, new ArrayList<>(), result, current, started);
        result.whenComplete((r, e) -> {
            if (result.isCancelled() && current.get() != null) {
                current.get().cancel(true);
            }
        });
        return result;
    }

    private void round(ChatRequest request, TokenSink sink, AgentTools tools, Task task, int depth, int round,
            TokenUsage spent, List<String> toolLog, CompletableFuture<TaskResult> result,
            AtomicReference<CompletableFuture<?>> current, long started) {
        CompletableFuture<ChatResponse> call = provider.orElseThrow().chat(request, sink);
        current.set(call);
        call.whenComplete((resp, err) -> {
            if (err != null) {
                result.complete(failed(task, err));
                return;
            }
            TokenUsage total = spent.plus(resp.usage());
            if (tools != null && !resp.toolCalls().isEmpty() && round < spec.maxToolRounds()) {
                List<ChatMessage> next = new ArrayList<>(request.messages());
                next.add(new ChatMessage("assistant", resp.text(), null, resp.toolCalls()));
                List<CompletableFuture<String>> answers = new ArrayList<>();
                for (ToolCall c : resp.toolCalls()) {
                    toolLog.add(tools.agentFor(c.name()) == null ? c.name() : tools.agentFor(c.name()));
                    answers.add(tools.call(c, "agent:" + spec.id(), depth, TOOL_TIMEOUT));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
                current.set(all);
                all.thenRun(() -> {
                    for (int i = 0; i < answers.size(); i++) {
                        next.add(ChatMessage.tool(resp.toolCalls().get(i).id(), answers.get(i).join()));
                    }
                    round(request.withMessages(next), sink, tools, task, depth, round + 1, total, toolLog, result,
                            current, started);
                });
                return;
            }
            result.complete(succeeded(task, resp, total, toolLog, started));
        });
    }

    private TaskResult succeeded(Task task, ChatResponse resp, TokenUsage total, List<String> toolLog, long started) {
        calls.increment();
        promptTokens.add(total.promptTokens());
        completionTokens.add(total.completionTokens());
        lastError.set(null);
        ObjectNode out = Json.object();
        out.put("text", resp.text());
        out.putObject("usage").put("prompt_tokens", total.promptTokens())
                .put("completion_tokens", total.completionTokens()).put("total_tokens", total.totalTokens());
        out.put("model", resp.model() == null ? spec.model() : resp.model());
        out.put("agent_id", spec.id());
        if (resp.finishReason() != null) {
            out.put("finish_reason", resp.finishReason());
        }
        if (!toolLog.isEmpty()) {
            out.set("tools_called", Json.mapper().valueToTree(toolLog));
        }
        if (context != null) {
            ObjectNode ev = Json.object().put("agent_id", spec.id()).put("task_id", task.id())
                    .put("model", out.get("model").asText())
                    .put("duration_ms", (System.nanoTime() - started) / 1_000_000);
            ev.set("usage", out.get("usage").deepCopy());
            context.publish("llm_completed", ev);
        }
        return TaskResult.success(out);
    }

    private TaskResult failed(Task task, Throwable err) {
        Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (c instanceof CancellationException) {
            return TaskResult.cancelled("cancelled");
        }
        String kind = c instanceof LlmException le ? le.kind().name().toLowerCase(java.util.Locale.ROOT) : "error";
        String message = "AI agent '" + spec.id() + "': " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        failures.increment();
        lastError.set(message);
        if (context != null) {
            context.publish("llm_failed", Json.object().put("agent_id", spec.id()).put("task_id", task.id())
                    .put("kind", kind).put("error", message));
        }
        return failure(kind, message);
    }

    /** A failed result whose output says what kind of failure it was (for HTTP status mapping). */
    static TaskResult failure(String kind, String message) {
        return new TaskResult(TaskResult.Status.FAILED, Json.object().put("error_kind", kind), message);
    }

    /** Sends one non-streamed prompt with this agent's provider and model (for routing decisions). */
    CompletableFuture<ChatResponse> ask(List<ChatMessage> messages) {
        if (provider.isEmpty()) {
            return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.NOT_CONFIGURED,
                    "AI agent '" + spec.id() + "' is not configured: " + health().message()));
        }
        return provider.get().chat(new ChatRequest(spec.model(), messages, 0.0, spec.maxTokens(), List.of(), false),
                TokenSink.NONE);
    }

    TaskResult failedFor(Task task, Throwable err) {
        return failed(task, err);
    }
}
