package dev.alexos.testkit;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * When a {@link FakeChatModel} rule applies: a described predicate on the request.
 *
 * @param description shown in failure messages
 * @param predicate the test
 */
public record ChatRule(String description, Predicate<ChatRequest> predicate) {

    public ChatRule {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** Any message of the conversation contains {@code text} (case-sensitive). */
    public static ChatRule promptContains(String text) {
        return new ChatRule("prompt contains \"" + text + "\"", r -> r.prompt().contains(text));
    }

    /** The last user message matches the regular expression (find, not full match). */
    public static ChatRule lastUserMessageMatches(String regex) {
        Pattern p = Pattern.compile(regex);
        return new ChatRule("last user message matches /" + regex + "/", r -> p.matcher(r.lastUserMessage()).find());
    }

    /** The request names this model. */
    public static ChatRule model(String name) {
        return new ChatRule("model is " + name, r -> name.equals(r.model()));
    }

    /** Both rules apply. */
    public ChatRule and(ChatRule other) {
        return new ChatRule(description + " and " + other.description, predicate.and(other.predicate));
    }

    boolean test(ChatRequest request) {
        return predicate.test(request);
    }
}
