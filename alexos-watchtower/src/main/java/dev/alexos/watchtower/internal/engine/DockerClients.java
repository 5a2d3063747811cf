package dev.alexos.watchtower.internal.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.alexos.watchtower.internal.EndpointSettings;
import java.time.Duration;

/**
 * How Watchtower talks to an endpoint with docker-java: one place that turns
 * {@link EndpointSettings} (host, TLS, certificates, timeout) into a client configuration and a
 * zerodep HTTP transport, for the monitor's engine and for the updater alike.
 */
public final class DockerClients {
    private DockerClients() {
    }

    /** The docker-java configuration of an endpoint; no pinned API version. */
    public static DockerClientConfig config(EndpointSettings endpoint) {
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host())
                .withDockerTlsVerify(endpoint.tlsVerify());
        if (endpoint.certPath() != null) {
            b.withDockerCertPath(endpoint.certPath());
        }
        return b.build();
    }

    /**
     * A zerodep transport for {@code config}.
     *
     * @param responseTimeout {@code null} for none (event streams)
     */
    public static DockerHttpClient transport(DockerClientConfig config, EndpointSettings endpoint, int maxConnections,
            Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder b = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(endpoint.timeout());
        if (responseTimeout != null) {
            b.responseTimeout(responseTimeout);
        }
        return b.build();
    }

    /** A client with its own transport (connect timeout only: pulls and health waits are long). */
    public static DockerClient client(EndpointSettings endpoint, int maxConnections) {
        DockerClientConfig config = config(endpoint);
        return DockerClientImpl.getInstance(config, transport(config, endpoint, maxConnections, null));
    }
}
