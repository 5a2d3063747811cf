package dev.alexos.chainbot.internal.llm;

import dev.alexos.core.config.Secret;
import java.util.Collection;
import java.util.List;

/**
 * Removes known secret values from text that came from outside (a provider's error body may
 * echo the key it was given) before that text reaches a log, an event or a response.
 */
public final class Redactor {
    private static final int MAX_TEXT = 300;
    private final List<Secret> secrets;

    public Redactor(Collection<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** The text with every secret replaced by {@code ******}, cut to a readable length. */
    public String clean(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (Secret s : secrets) {
            if (!s.isEmpty() && s.reveal().length() >= 4) {
                out = out.replace(s.reveal(), "******");
                // providers echo a shortened key ("sk-abc1***xyz"): drop anything starting like it
                String head = s.reveal().substring(0, Math.min(8, s.reveal().length() - 2));
                out = out.replaceAll(java.util.regex.Pattern.quote(head) + "\\S*", "******");
            }
        }
        out = out.replaceAll("[\\r\\n\\t]+", " ").strip();
        return out.length() > MAX_TEXT ? out.substring(0, MAX_TEXT) + "…" : out;
    }
}
