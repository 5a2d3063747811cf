package dev.alexos.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.alexos.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a fake HTTP server answers: a status, headers and a body, or a misbehaviour (hang until
 * the client gives up, answer late, cut the connection after the headers). Immutable.
 *
 * <pre>{@code
 * HttpReply.json(200, Map.of("status", "ok"));
 * HttpReply.status(503).withHeader("Retry-After", "2");
 * HttpReply.text(200, "{not json").withHeader("Content-Type", "application/json"); // malformed
 * HttpReply.hang();                         // for client timeouts
 * HttpReply.json(200, body).delayedBy(Duration.ofMillis(200));
 * }</pre>
 *
 * @param status HTTP status
 * @param headers response headers
 * @param body body bytes
 * @param behaviour how it is delivered
 * @param delay real-time delay before answering ({@link Behaviour#DELAYED})
 */
public record HttpReply(int status, Map<String, String> headers, byte[] body, Behaviour behaviour, Duration delay) {

    /** How a reply is delivered. */
    public enum Behaviour {
        /** Answer normally. */
        NORMAL,
        /** Answer after {@link HttpReply#delay()} (real time; the server does not hold other requests). */
        DELAYED,
        /** Never answer; the request is released (without an answer) when the server closes. */
        HANG,
        /** Send the status and headers announcing the body, then close the connection before the body. */
        DISCONNECT
    }

    public HttpReply {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status must be in [100, 999], was " + status);
        }
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
        Objects.requireNonNull(behaviour, "behaviour");
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** A JSON body (serialized with the project's mapper: snake_case, ISO times). */
    public static HttpReply json(int status, Object body) {
        try {
            return new HttpReply(status, Map.of("Content-Type", "application/json"),
                    Json.mapper().writeValueAsBytes(body), Behaviour.NORMAL, null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reply body cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A text body. */
    public static HttpReply text(int status, String body) {
        return new HttpReply(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8), Behaviour.NORMAL, null);
    }

    /** A status without body. */
    public static HttpReply status(int status) {
        return new HttpReply(status, Map.of(), new byte[0], Behaviour.NORMAL, null);
    }

    /** A body that claims to be JSON and is not. */
    public static HttpReply malformedJson() {
        return text(200, "{\"truncated\": ").withHeader("Content-Type", "application/json");
    }

    /** Never answers (until the fake closes): the client's timeout must fire. */
    public static HttpReply hang() {
        return new HttpReply(200, Map.of(), new byte[0], Behaviour.HANG, null);
    }

    /** Sends headers, then drops the connection before the body. */
    public static HttpReply disconnect() {
        return new HttpReply(200, Map.of("Content-Type", "application/json"), new byte[0], Behaviour.DISCONNECT, null);
    }

    /** This reply with one more header. */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpReply(status, h, body, behaviour, delay);
    }

    /** This reply, answered after {@code by} of real time. */
    public HttpReply delayedBy(Duration by) {
        return new HttpReply(status, headers, body, Behaviour.DELAYED, by);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpReply r && r.status == status && r.headers.equals(headers)
                && java.util.Arrays.equals(r.body, body) && r.behaviour == behaviour && r.delay.equals(delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, java.util.Arrays.hashCode(body), behaviour, delay);
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + " " + behaviour + ", " + body.length + " bytes]";
    }
}
