package dev.alexos.core.http;

/**
 * A failure a route handler reports to the caller. The host renders it as
 * {@code {"error": {"code", "message", "status", "field"?}}} with this status. The message is
 * shown to users: say what was attempted, on what, and why; never a stack trace or a secret.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** 400: {@code field} is wrong because {@code reason}. */
    public static ApiException badRequest(String field, String reason) {
        return new ApiException(400, "bad_request", field + ": " + reason, field);
    }

    /** 404: e.g. {@code notFound("workflow", id)} → "workflow 'x' does not exist". */
    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "not_found", what + " '" + id + "' does not exist");
    }

    /** 409: the resource is busy or in the wrong state. */
    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    /** 422: well-formed but semantically wrong. */
    public static ApiException unprocessable(String field, String reason) {
        return new ApiException(422, "unprocessable", field + ": " + reason, field);
    }

    /** 502: an upstream (Docker, remote ChainBot, LLM) failed. */
    public static ApiException upstream(String message) {
        return new ApiException(502, "upstream_error", message);
    }

    /** 504: an upstream timed out. */
    public static ApiException upstreamTimeout(String message) {
        return new ApiException(504, "upstream_timeout", message);
    }

    /** 503: the module is not available. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The offending field or parameter, or {@code null}. */
    public String field() {
        return field;
    }
}
