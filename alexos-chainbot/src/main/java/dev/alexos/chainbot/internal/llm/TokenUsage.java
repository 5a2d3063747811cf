package dev.alexos.chainbot.internal.llm;

/** Tokens spent by one call (zeros when the provider did not say). */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    /** Usage from prompt and completion counts, total computed. */
    public static TokenUsage of(long prompt, long completion) {
        return new TokenUsage(prompt, completion, prompt + completion);
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens);
    }
}
