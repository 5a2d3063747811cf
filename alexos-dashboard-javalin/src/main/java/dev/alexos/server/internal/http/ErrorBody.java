package dev.alexos.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import io.javalin.http.Context;

/** Writes the one error shape of the HTTP API: {@code {"error": {"code", "message", "status", "field"?}}}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    /** The error object for these values. */
    public static ObjectNode of(int status, String code, String message, String field) {
        ObjectNode root = Json.object();
        ObjectNode err = root.putObject("error");
        err.put("code", code);
        err.put("message", message);
        err.put("status", status);
        if (field != null) {
            err.put("field", field);
        }
        return root;
    }

    /** Answers {@code ctx} with this error. */
    public static void write(Context ctx, int status, String code, String message, String field) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(of(status, code, message, field));
        } catch (Exception e) {
            // cannot happen for an ObjectNode of strings and ints; keep a valid body anyway
            bytes = ("{\"error\":{\"code\":\"internal_error\",\"message\":\"error\",\"status\":" + status + "}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ctx.status(status).contentType("application/json").result(bytes);
    }

    /** Answers {@code ctx} with an {@link ApiException}. */
    public static void write(Context ctx, ApiException e) {
        write(ctx, e.status(), e.code() == null ? "error" : e.code(), e.getMessage() == null ? "" : e.getMessage(),
                e.field());
    }
}
