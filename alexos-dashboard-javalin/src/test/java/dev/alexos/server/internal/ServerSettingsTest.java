package dev.alexos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {
    @Test
    void recognisesLoopbackBinds() {
        assertThat(ServerSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(ServerSettings.isLoopback("127.3.4.5")).isTrue();
        assertThat(ServerSettings.isLoopback("::1")).isTrue();
        assertThat(ServerSettings.isLoopback("localhost")).isTrue();
        assertThat(ServerSettings.isLoopback("0.0.0.0")).isFalse();
        assertThat(ServerSettings.isLoopback("::")).isFalse();
        assertThat(ServerSettings.isLoopback("")).isFalse();
        assertThat(ServerSettings.isLoopback("192.168.1.10")).isFalse();
    }
}
