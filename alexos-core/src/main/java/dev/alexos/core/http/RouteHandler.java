package dev.alexos.core.http;

/** Handles one route. Returns a JSON-serializable value or an {@link ApiResponse}. */
@FunctionalInterface
public interface RouteHandler {
    /**
     * @throws ApiException for anything the caller should see as a 4xx/5xx with a message;
     *     any other exception is a bug and is answered 500 without details (and logged)
     */
    Object handle(ApiRequest request) throws Exception;
}
