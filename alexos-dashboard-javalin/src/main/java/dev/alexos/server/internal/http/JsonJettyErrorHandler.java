package dev.alexos.server.internal.http;

import dev.alexos.core.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (requests refused before Javalin sees them: ambiguous or malformed
 * URIs, oversized headers) in the API's JSON error shape, without stack traces.
 */
public final class JsonJettyErrorHandler extends ErrorHandler {

    public JsonJettyErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (code == 400) {
            // Jetty closes the connection after a malformed request: say so, or a client that
            // pools connections sends its next request into the closed one
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String text = message == null || message.isBlank() ? ErrorMapping.codeFor(code).replace('_', ' ') : message;
        try {
            return Json.mapper().writeValueAsBytes(ErrorBody.of(code, ErrorMapping.codeFor(code), text, null));
        } catch (Exception e) {
            return ("{\"error\":{\"code\":\"error\",\"message\":\"error\",\"status\":" + code + "}}").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
