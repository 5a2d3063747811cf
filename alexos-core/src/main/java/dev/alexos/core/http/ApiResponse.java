package dev.alexos.core.http;

/**
 * A response with a status other than 200, or with a body that is not JSON.
 * A handler that returns any other object answers 200 with it serialized as JSON.
 *
 * @param status HTTP status
 * @param body JSON-serializable body, or a {@code String} when {@code contentType} is not JSON
 * @param contentType the media type; {@code application/json} by default
 */
public record ApiResponse(int status, Object body, String contentType) {

    public static final String JSON = "application/json";

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, JSON);
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, JSON);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, JSON);
    }

    public static ApiResponse text(int status, String body, String contentType) {
        return new ApiResponse(status, body, contentType);
    }
}
