package dev.alexos.server.internal.http;

import dev.alexos.core.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure in the API's error shape: {@link ApiException}s as they are, Javalin's
 * own responses (413 body too large, 404, 405) with a code, and anything else as a 500 without
 * details — the stack trace goes to the log under an id that the answer quotes.
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    private static final String WRITTEN = "alexos.error_written";

    private ErrorMapping() {
    }

    /** Registers the handlers. */
    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            ctx.attribute(WRITTEN, Boolean.TRUE);
            ErrorBody.write(ctx, e);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            ctx.attribute(WRITTEN, Boolean.TRUE);
            int status = e.getStatus();
            ErrorBody.write(ctx, status, codeFor(status), messageFor(ctx, status), null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            ctx.attribute(WRITTEN, Boolean.TRUE);
            if (isTooLarge(e)) {
                ErrorBody.write(ctx, 413, "payload_too_large", messageFor(ctx, 413), null);
                return;
            }
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("unhandled failure in {} {} (error id {})", ctx.method().name(), ctx.path(), id, e);
            ErrorBody.write(ctx, 500, "internal_error", "internal error (id " + id + "); see the server log", null);
        });
        for (int status : new int[] {400, 401, 403, 404, 405, 408, 413, 414, 415, 429, 431, 500, 503}) {
            routes.error(status, ctx -> {
                // only fill in an empty answer: a handler's own body (a 503 health report) stays
                if (ctx.attribute(WRITTEN) == null && ctx.resultInputStream() == null) {
                    ErrorBody.write(ctx, status, codeFor(status), messageFor(ctx, status), null);
                }
            });
        }
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof HttpResponseException h && h.getStatus() == 413) {
                return true;
            }
            if (m != null && (m.contains("413") || m.toLowerCase(java.util.Locale.ROOT).contains("too large"))) {
                return true;
            }
        }
        return false;
    }

    /** The error code for a status. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            case 502 -> "upstream_error";
            case 503 -> "unavailable";
            case 504 -> "upstream_timeout";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    private static String messageFor(Context ctx, int status) {
        String where = ctx.method().name() + " " + JavalinApiRequest.abbreviate(ctx.path());
        return switch (status) {
            case 404 -> "no route for " + where;
            case 405 -> "method not allowed: " + where;
            case 413 -> "request body too large for " + where;
            case 400 -> "bad request: " + where;
            default -> codeFor(status).replace('_', ' ') + ": " + where;
        };
    }
}
