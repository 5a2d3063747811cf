package dev.alexos.chainbot.internal.ai;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One AI agent as configured under {@code chainbot.ai_agents}: provider, model, persona,
 * parameters and the agents it may call as tools.
 *
 * @param id registry id
 * @param name display name
 * @param type {@code chatgpt}, {@code custom_gpt}, {@code gpt5} or {@code supervisor}
 * @param provider provider name under {@code chainbot.providers}
 * @param model model name (a newer model is only a new value here)
 * @param systemPrompt persona, sent first
 * @param temperature sampling temperature, or null
 * @param maxTokens completion limit, or null
 * @param tools ids of agents offered to the model as tools (a supervisor's members)
 * @param stream whether replies are streamed (tokens become {@code chainbot.llm_token} events)
 * @param maxToolRounds how many rounds of tool calls one task may take
 */
public record AiAgentSpec(String id, String name, String type, String provider, String model, String systemPrompt,
        Double temperature, Integer maxTokens, List<String> tools, boolean stream, int maxToolRounds) {

    public static final Set<String> TYPES = Set.of("chatgpt", "custom_gpt", "gpt5", "supervisor");

    public AiAgentSpec {
        tools = List.copyOf(tools == null ? List.of() : tools);
    }

    /** The agents used when {@code chainbot.ai_agents} is not set: the seed's ChatGPT and GPT-5 agents. */
    public static List<AiAgentSpec> defaults() {
        return List.of(
                new AiAgentSpec("chatgpt-001", "ChatGPT Assistant", "chatgpt", "openai", "gpt-4o",
                        "You are a helpful assistant.", null, null, List.of(), true, 4),
                new AiAgentSpec("gpt5-001", "GPT-5 Assistant", "gpt5", "openai", "gpt-5",
                        "You are a helpful assistant.", null, null, List.of(), true, 4));
    }

    /** Reads {@code chainbot.ai_agents} (or the defaults when absent). */
    public static List<AiAgentSpec> readAll(ConfigSection chainbot) {
        if (!chainbot.has("ai_agents")) {
            return defaults();
        }
        List<AiAgentSpec> out = new ArrayList<>();
        List<ConfigSection> sections = chainbot.sections("ai_agents");
        for (ConfigSection s : sections) {
            out.add(read(s));
        }
        return out;
    }

    static AiAgentSpec read(ConfigSection s) {
        String id = s.string("id").orElseThrow(() -> new ConfigException(s.path() + ".id", null, "an agent id is required"));
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
            throw new ConfigException(s.path() + ".id", id, "letters, digits, '_', '.', ':', '-' (at most 64)");
        }
        String type = s.oneOf("type", "custom_gpt", TYPES);
        String model = s.string("model").orElseThrow(() -> new ConfigException(s.path() + ".model", null,
                "a model name is required (e.g. gpt-4o, llama3.2)"));
        Double temperature = s.has("temperature") ? s.decimal("temperature", 1.0, 0.0, 2.0) : null;
        Integer maxTokens = s.has("max_tokens") ? s.integer("max_tokens", 1024, 1, 1_000_000) : null;
        List<String> tools = new ArrayList<>(s.list("tools"));
        tools.addAll(s.list("members"));
        String defaultPrompt = type.equals("supervisor")
                ? "You are a supervisor. Delegate the task to the most suitable agent by calling its tool, then answer with what it returned."
                : "You are a helpful assistant.";
        return new AiAgentSpec(id, s.string("name", id), type, s.string("provider", "openai"), model,
                s.string("system_prompt", defaultPrompt), temperature, maxTokens, tools, s.bool("stream", true),
                s.integer("max_tool_rounds", 4, 0, 20));
    }
}
