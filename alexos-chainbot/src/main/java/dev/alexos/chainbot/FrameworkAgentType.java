package dev.alexos.chainbot;

import dev.alexos.core.Agent;
import org.pf4j.ExtensionPoint;

/**
 * A kind of framework agent the {@link AgentSpawner} can spawn. ChainBot ships
 * {@code assistant}, {@code data_processor}, {@code api} and {@code workflow}; a plugin adds its
 * own by implementing this interface (annotated {@code @org.pf4j.Extension} in a drop-in plugin
 * jar or on the classpath, or listed in
 * {@code META-INF/services/dev.alexos.chainbot.FrameworkAgentType}, or passed to
 * {@link AgentSpawner#registerType}).
 *
 * <pre>{@code
 * @Extension
 * public final class EchoType implements FrameworkAgentType {
 *   public String type() { return "echo"; }
 *   public Agent create(FrameworkAgentSpec spec) {
 *     return new EchoAgent(spec.id());
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface FrameworkAgentType extends ExtensionPoint {

    /** The type name used in spawn requests: lower-case letters, digits and {@code _}. */
    String type();

    /** One line for listings. */
    default String description() {
        return "";
    }

    /**
     * Validates the configuration and builds an agent (not yet started). The spawner registers
     * it under {@code spec.id()} with source {@code framework}, whatever the agent's own
     * descriptor says.
     *
     * @throws IllegalArgumentException for invalid configuration; the message starts with the
     *     offending field (e.g. {@code "config.url: expected an http(s) URL"})
     */
    Agent create(FrameworkAgentSpec spec);
}
