package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeChatModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeChatModel llm = FakeChatModel.start();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        llm.close();
    }

    private HttpResponse<String> openAi(String user, boolean stream, Duration timeout) throws Exception {
        String body = "{\"model\":\"gpt-test\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(user) + "}]}";
        return client.send(HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/chat/completions"))
                .timeout(timeout).header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> openAi(String user) throws Exception {
        return openAi(user, false, Duration.ofSeconds(10));
    }

    private static String content(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body()).at("/choices/0/message/content").asText();
    }

    @Test
    void scriptedRepliesComeInOrderThenRulesThenTheFunction() throws Exception {
        llm.enqueue(ChatReply.text("first"), ChatReply.text("second"));
        llm.when(ChatRule.promptContains("weather"), ChatReply.text("Sunny."));
        llm.respondWith(req -> ChatReply.text("echo: " + req.lastUserMessage()));

        assertThat(content(openAi("what is the weather"))).isEqualTo("first");
        assertThat(content(openAi("hello"))).isEqualTo("second");
        assertThat(content(openAi("what is the weather"))).isEqualTo("Sunny.");
        assertThat(content(openAi("hello"))).isEqualTo("echo: hello");

        List<ChatRequest> seen = llm.requests();
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0).model()).isEqualTo("gpt-test");
        assertThat(seen.get(0).systemPrompt()).isEqualTo("Be brief");
        assertThat(seen.get(0).http().header("authorization")).isEqualTo("Bearer sk-test");
        JsonNode whole = JSON.readTree(openAiRaw());
        assertThat(whole.at("/object").asText()).isEqualTo("chat.completion");
        assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(whole.at("/usage/total_tokens").asInt()).isPositive();
    }

    private String openAiRaw() throws Exception {
        llm.enqueue(ChatReply.text("raw"));
        return openAi("x").body();
    }

    @Test
    void unscriptedRequestsGetA500AndAreListed() throws Exception {
        HttpResponse<String> r = openAi("anything");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("no scripted reply");
        assertThat(llm.unanswered()).hasSize(1);
    }

    @Test
    void injectedFailures() throws Exception {
        llm.enqueue(ChatReply.rateLimited(Duration.ofMillis(1500)), ChatReply.serverError(),
                ChatReply.malformed("{\"choices\": ["), ChatReply.hang());

        HttpResponse<String> limited = openAi("a");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
        assertThat(JSON.readTree(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(openAi("b").statusCode()).isEqualTo(500);
        HttpResponse<String> malformed = openAi("c");
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(malformed.body())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> openAi("d", false, Duration.ofMillis(200))).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void streamsServerSentEventsEndingInDone() throws Exception {
        llm.enqueue(ChatReply.chunks("Par", "is", "."));
        HttpResponse<String> r = openAi("capital of France?", true, Duration.ofSeconds(10));
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6))
                .collect(Collectors.toList());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String d : data.subList(0, data.size() - 1)) {
            text.append(JSON.readTree(d).at("/choices/0/delta/content").asText(""));
        }
        assertThat(text).hasToString("Paris.");
        assertThat(JSON.readTree(data.get(data.size() - 2)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamCutOffMidwayFailsTheClientRead() throws Exception {
        llm.enqueue(ChatReply.text("one two three four").cutOffAfter(2));
        HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(
                URI.create(llm.openAiBaseUrl() + "/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> got = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    got.add(line);
                }
            }
        }).isInstanceOf(IOException.class);
        assertThat(got.stream().filter(l -> l.startsWith("data: ")).count()).isEqualTo(2);
        assertThat(got).doesNotContain("data: [DONE]");
    }

    @Test
    void aHeldStreamSendsItsFirstChunksThenWaitsForTheRelease() throws Exception {
        java.util.concurrent.CompletableFuture<Void> release = new java.util.concurrent.CompletableFuture<>();
        llm.enqueue(ChatReply.chunks("Hel", "lo ", "there").holdAfter(1, release));
        HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(
                URI.create(llm.openAiBaseUrl() + "/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()))) {
            String first = reader.readLine();
            assertThat(first).startsWith("data: ").contains("\"Hel\"");
            assertThat(reader.readLine()).isEmpty();
            assertThat(release).isNotDone(); // the first chunk arrived while the rest is held
            release.complete(null);
            List<String> rest = reader.lines().filter(l -> l.startsWith("data: ")).toList();
            assertThat(rest).hasSize(4); // "lo ", "there", the stop chunk, [DONE]
            assertThat(rest.get(0)).contains("\"lo \"");
            assertThat(rest.get(3)).isEqualTo("data: [DONE]");
        }
    }

    @Test
    void onlyATextReplyCanBeHeld() {
        assertThatThrownBy(() -> ChatReply.serverError().holdAfter(0, new java.util.concurrent.CompletableFuture<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void speaksOllamaChatStreamedByDefaultAndWhole() throws Exception {
        llm.respondWith(req -> ChatReply.text("hi there"));
        HttpResponse<String> streamed = client.send(HttpRequest.newBuilder(URI.create(llm.ollamaBaseUrl() + "/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        List<String> lines = streamed.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(2)).get("done").asBoolean()).isTrue();
        assertThat(lines.stream().limit(2).map(l -> {
            try {
                return JSON.readTree(l).at("/message/content").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining())).isEqualTo("hi there");

        HttpResponse<String> whole = client.send(HttpRequest.newBuilder(URI.create(llm.ollamaBaseUrl() + "/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode w = JSON.readTree(whole.body());
        assertThat(w.at("/message/content").asText()).isEqualTo("hi there");
        assertThat(w.get("done").asBoolean()).isTrue();
        assertThat(llm.requests()).extracting(ChatRequest::protocol).containsOnly(ChatRequest.Protocol.OLLAMA);
    }

    @Test
    void badRequestsAre400NamingTheField() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("messages");
    }
}
