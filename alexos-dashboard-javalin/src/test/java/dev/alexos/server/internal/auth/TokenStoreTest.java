package dev.alexos.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.http.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
    @TempDir
    Path data;

    @Test
    void configuredTokensMeanNoGeneratedOne() {
        TokenStore s = TokenStore.load(List.of(new TokenStore.TokenEntry("ci", Role.OPERATOR,
                TokenStore.sha256("0123456789abcdef"), "config")), data, new SecureRandom(), Clock.systemUTC());
        assertThat(s.generatedToken()).isEmpty();
        assertThat(Files.exists(s.file())).isFalse();
        assertThat(s.match("0123456789abcdef")).get().extracting(TokenStore.TokenEntry::role).isEqualTo(Role.OPERATOR);
        assertThat(s.match("0123456789abcdeF")).isEmpty();
        assertThat(s.match("")).isEmpty();
        assertThat(s.match(null)).isEmpty();
    }

    @Test
    void aDamagedTokenFileStopsStartUpNamingTheFile() throws Exception {
        Path file = data.resolve("auth/tokens.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"tokens\":[{\"name\":\"x\",\"role\":\"admin\",\"sha256\":\"nothex\"}]}");
        assertThatThrownBy(() -> TokenStore.load(List.of(), data, new SecureRandom(), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tokens.json");
    }

    @Test
    void hashesAreSha256Hex() {
        assertThat(TokenStore.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
