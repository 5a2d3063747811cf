package dev.alexos.watchtower.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.watchtower.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The small slice of a Docker (or Podman) engine that Watchtower uses. The real one is
 * {@link DockerJavaEngine}; unit tests use an in-memory fake, so everything above this
 * interface is tested offline.
 *
 * <p>Every call blocks until the engine answers or the endpoint's timeout passes, and throws
 * {@link EngineException} on failure. Thread-safe.
 */
public interface DockerEngine extends AutoCloseable {

    /** Version facts; also the liveness probe. */
    EngineInfo info();

    /** Every container (all states), as listed. */
    List<ContainerSummary> list();

    /** The raw inspect document of a container, or empty when the engine does not know it. */
    Optional<JsonNode> inspect(String idOrName);

    /**
     * Subscribes to the engine's event stream from {@code since} (engine time, inclusive),
     * container events only. Events arrive on a thread of the engine client, in order.
     *
     * @return closes the stream; after closing, {@code listener} gets no more calls
     */
    AutoCloseable events(Instant since, EngineEventListener listener);

    /** One raw stats document. {@code oneShot} asks the engine not to wait for a second sample. */
    JsonNode stats(String id, boolean oneShot);

    /** The last {@code tail} log lines, from {@code since} when not null, oldest first. */
    List<LogLine> logs(String id, int tail, Instant since);

    void start(String id);

    void stop(String id, int timeoutSeconds);

    void restart(String id, int timeoutSeconds);

    void remove(String id, boolean force);

    /** Local images. */
    List<ImageSummary> images();

    /** Releases connections. Must not throw. */
    @Override
    void close();

    /** Receives an engine's events. Implementations must be quick: hand work off. */
    interface EngineEventListener {
        void onEvent(EngineEvent event);

        /** The stream ended: the engine went away or the connection broke. Called once. */
        void onClosed(Throwable cause);
    }
}
