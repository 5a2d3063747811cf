package dev.alexos.chainbot;

import dev.alexos.chainbot.internal.ChainBotRuntime;
import dev.alexos.core.Health;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ChainBot module ({@code chainbot}): AI agents over the OpenAI chat-completions protocol or
 * Ollama's, framework agents spawned by the {@link AgentSpawner}, multi-agent sessions,
 * entanglements, the remote ChainBot connector ({@code CHAINBOT_API_URL}) and the system agent
 * {@code chainbot-001}, with the routes under {@code /api/chainbot}. Publishes
 * {@code chainbot.chainbot_started} and {@code chainbot.chainbot_stopped}.
 *
 * <p>Configuration (section {@code chainbot}): {@code api_url}, {@code api_key},
 * {@code health_check_interval}, {@code sync_interval}; {@code providers.<name>} ({@code kind},
 * {@code base_url}, {@code api_key}, {@code timeout}, {@code max_retries}); {@code ai_agents}
 * (id, name, type, provider, model, system_prompt, temperature, max_tokens, tools, stream);
 * {@code secrets.<name>}; {@code message_timeout}, {@code context_messages}, {@code context_chars}.
 *
 * <p>Extra framework agent types come from the constructor, from
 * {@code META-INF/services/dev.alexos.chainbot.FrameworkAgentType} visible to this module's
 * class loader, as {@code @Extension}s of other plugin jars (through
 * {@link ModuleContext#extensions}; a type name already registered wins), or later through
 * {@link #spawner()}. One instance per runtime; not reusable
 * after {@link #stop()}.
 */
@Extension
public final class ChainBotModule implements AlexOsModule {
    private static final Logger LOG = LoggerFactory.getLogger(ChainBotModule.class);
    private final List<FrameworkAgentType> extraTypes;
    private volatile ChainBotRuntime runtime;

    /** The module with the built-in framework agent types and those found as services. */
    public ChainBotModule() {
        this(List.of());
    }

    /** The module with these extra framework agent types (and those found as services). */
    public ChainBotModule(List<FrameworkAgentType> extraTypes) {
        this.extraTypes = List.copyOf(extraTypes);
    }

    @Override
    public String id() {
        return "chainbot";
    }

    @Override
    public void start(ModuleContext context) throws Exception {
        List<FrameworkAgentType> types = new ArrayList<>(extraTypes);
        for (FrameworkAgentType t : ServiceLoader.load(FrameworkAgentType.class, ChainBotModule.class.getClassLoader())) {
            if (types.stream().noneMatch(x -> x.type().equals(t.type()))) {
                types.add(t);
            }
        }
        ChainBotRuntime rt = new ChainBotRuntime(context, types);
        rt.start();
        runtime = rt;
    }

    @Override
    public void stop() {
        ChainBotRuntime rt = runtime;
        runtime = null;
        if (rt != null) {
            try {
                rt.stop();
            } catch (RuntimeException e) {
                LOG.warn("ChainBot did not stop cleanly: {}", e.getMessage());
            }
        }
    }

    @Override
    public Health health() {
        ChainBotRuntime rt = runtime;
        return rt == null ? Health.unhealthy("ChainBot is not running") : rt.health();
    }

    /**
     * The spawner of framework agents.
     *
     * @throws IllegalStateException when the module is not running
     */
    public AgentSpawner spawner() {
        ChainBotRuntime rt = runtime;
        if (rt == null) {
            throw new IllegalStateException("ChainBot is not running");
        }
        return rt.spawner();
    }
}
