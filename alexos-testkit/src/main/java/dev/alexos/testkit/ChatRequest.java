package dev.alexos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A chat request received by the {@link FakeChatModel}, parsed from either protocol.
 *
 * @param protocol which API it came through
 * @param model the requested model name (empty when absent)
 * @param messages the conversation, in order
 * @param stream whether the client asked for a streamed answer (Ollama streams unless
 *     {@code "stream": false})
 * @param body the whole JSON body, for anything else (temperature, tools, options)
 * @param http the raw HTTP request (headers: the {@code authorization} header is there for
 *     checking that a key was sent; never print it)
 */
public record ChatRequest(Protocol protocol, String model, List<Message> messages, boolean stream, JsonNode body,
        RecordedRequest http) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    /** The chat APIs the fake speaks. */
    public enum Protocol {
        /** {@code POST /v1/chat/completions}. */
        OPENAI,
        /** {@code POST /api/chat}. */
        OLLAMA
    }

    /** One message of the conversation. */
    public record Message(String role, String content) {
    }

    /** The content of the last {@code user} message, or empty. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /** The content of the {@code system} messages, joined by newlines (empty when none). */
    public String systemPrompt() {
        return messages.stream().filter(m -> "system".equals(m.role())).map(Message::content)
                .collect(Collectors.joining("\n"));
    }

    /** Every message's content, joined by newlines. */
    public String prompt() {
        return messages.stream().map(Message::content).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return protocol + " " + model + " " + messages.size() + " message(s), last user: " + lastUserMessage();
    }
}
