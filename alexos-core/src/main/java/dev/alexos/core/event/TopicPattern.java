package dev.alexos.core.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A topic pattern: {@code *} (all), {@code <module>.*} (one module) or an exact topic.
 * Immutable and thread-safe.
 */
public final class TopicPattern {
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9_]+\\.[a-z0-9_]+");
    private static final Pattern MODULE_WILDCARD = Pattern.compile("[a-z0-9_]+\\.\\*");

    private final String text;
    private final String prefix;
    private final boolean all;

    private TopicPattern(String text) {
        this.text = text;
        this.all = text.equals("*");
        this.prefix = text.endsWith(".*") ? text.substring(0, text.length() - 1) : null;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException naming the pattern and what is allowed
     */
    public static TopicPattern parse(String text) {
        Objects.requireNonNull(text, "pattern");
        if (text.equals("*") || MODULE_WILDCARD.matcher(text).matches() || TOPIC.matcher(text).matches()) {
            return new TopicPattern(text);
        }
        throw new IllegalArgumentException("invalid topic pattern '" + text
                + "': use '*', '<module>.*' or '<module>.<event_type>' (lower-case letters, digits, '_')");
    }

    /** Checks a topic for {@link EventBus#publish}. */
    public static void requireValidTopic(String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("invalid topic '" + topic
                    + "': use '<module>.<event_type>' (lower-case letters, digits, '_')");
        }
    }

    public boolean matches(String topic) {
        if (all) {
            return true;
        }
        return prefix != null ? topic.startsWith(prefix) : topic.equals(text);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
