package dev.alexos.server.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens the server accepts: those in {@code <data>/auth/tokens.json} (stored as SHA-256
 * hashes, file mode 0600), {@code server.api_token} ({@code ALEXOS_API_TOKEN}, an admin token) and
 * the {@code server.tokens} list ({@code name}, {@code role}, {@code token}). Only hashes are kept
 * in memory. Immutable after {@link #load}; thread-safe.
 */
public final class TokenStore {
    /** Name of the token generated on first start. */
    public static final String GENERATED_ADMIN = "admin";

    private final List<TokenEntry> entries;
    private final Path file;
    private final String generated;

    private TokenStore(List<TokenEntry> entries, Path file, String generated) {
        this.entries = List.copyOf(entries);
        this.file = file;
        this.generated = generated;
    }

    /**
     * A token the server accepts.
     *
     * @param name shown as the principal's name (never the token)
     * @param role what it may do
     * @param sha256 hex SHA-256 of the token
     * @param source {@code file}, {@code config} or {@code env}
     */
    public record TokenEntry(String name, Role role, String sha256, String source) {
    }

    /**
     * Loads the tokens; when none is configured anywhere, generates an admin token and stores its
     * hash in {@code <dataDir>/auth/tokens.json}.
     *
     * @throws ConfigException for an invalid {@code server.tokens} entry or an unreadable token file
     */
    public static TokenStore load(ConfigSection server, Path dataDir, SecureRandom random, Clock clock) {
        return load(configured(server), dataDir, random, clock);
    }

    /**
     * The tokens of {@code server.api_token} ({@code ALEXOS_API_TOKEN}) and {@code server.tokens}.
     *
     * @throws ConfigException for an invalid entry, naming it
     */
    public static List<TokenEntry> configured(ConfigSection server) {
        List<TokenEntry> entries = new ArrayList<>();
        server.secret("api_token").filter(s -> !s.isEmpty())
                .ifPresent(s -> entries.add(new TokenEntry("api-token", Role.ADMIN, sha256(s.reveal()), "env")));
        int i = 0;
        for (ConfigSection t : server.sections("tokens")) {
            String key = "server.tokens[" + i++ + "]";
            String name = t.string("name").orElseThrow(() -> new ConfigException(key + ".name", null, "a name is required"));
            Role role = t.enumValue("role", Role.class, Role.VIEWER);
            if (role == Role.PUBLIC) {
                throw new ConfigException(key + ".role", "public", "one of viewer, operator, admin");
            }
            Secret token = t.secret("token").orElseThrow(() -> new ConfigException(key + ".token", null, "a token is required"));
            if (token.reveal().length() < 16) {
                throw new ConfigException(key + ".token", "******", "at least 16 characters");
            }
            entries.add(new TokenEntry(name, role, sha256(token.reveal()), "config"));
        }
        return entries;
    }

    /**
     * Loads the tokens: {@code configured} plus the token file; when there is none at all,
     * generates an admin token and stores its hash in {@code <dataDir>/auth/tokens.json}.
     */
    public static TokenStore load(List<TokenEntry> configured, Path dataDir, SecureRandom random, Clock clock) {
        List<TokenEntry> entries = new ArrayList<>(configured);
        Path file = dataDir.resolve("auth").resolve("tokens.json");
        entries.addAll(readFile(file));
        String generated = null;
        if (entries.isEmpty()) {
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            generated = "alx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            TokenEntry admin = new TokenEntry(GENERATED_ADMIN, Role.ADMIN, sha256(generated), "file");
            writeFile(file, List.of(admin), clock);
            entries.add(admin);
        }
        return new TokenStore(entries, file, generated);
    }

    /** The token generated by this load (to print once), or empty when tokens already existed. */
    public Optional<String> generatedToken() {
        return Optional.ofNullable(generated);
    }

    public Path file() {
        return file;
    }

    public List<TokenEntry> entries() {
        return entries;
    }

    /** The entry whose hash matches {@code token}, compared in constant time. */
    public Optional<TokenEntry> match(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        byte[] h = sha256(token).getBytes(StandardCharsets.US_ASCII);
        TokenEntry found = null;
        for (TokenEntry e : entries) {
            if (MessageDigest.isEqual(h, e.sha256().getBytes(StandardCharsets.US_ASCII)) && found == null) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Hex SHA-256 of a token. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static List<TokenEntry> readFile(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<TokenEntry> out = new ArrayList<>();
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            for (JsonNode t : root.path("tokens")) {
                String name = t.path("name").asText("");
                String hash = t.path("sha256").asText("");
                Role role;
                try {
                    role = Role.valueOf(t.path("role").asText("").toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(file + " tokens[].role", t.path("role").asText(), "viewer, operator or admin");
                }
                if (name.isEmpty() || !hash.matches("[0-9a-f]{64}") || role == Role.PUBLIC) {
                    throw new ConfigException(file.toString(), "tokens[" + out.size() + "]",
                            "each token needs a name, a role (viewer, operator, admin) and a 64-hex sha256");
                }
                out.add(new TokenEntry(name, role, hash, "file"));
            }
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "a readable JSON token file (" + e.getMessage() + ")");
        }
        return out;
    }

    private static void writeFile(Path file, List<TokenEntry> tokens, Clock clock) {
        try {
            Files.createDirectories(file.getParent());
            ObjectNode root = Json.object();
            ArrayNode arr = root.putArray("tokens");
            for (TokenEntry t : tokens) {
                ObjectNode o = arr.addObject();
                o.put("name", t.name());
                o.put("role", t.role().wireName());
                o.put("sha256", t.sha256());
                o.put("created_at", clock.instant().toString());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Files.deleteIfExists(tmp);
            if (posix) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the token file " + file, e);
        }
    }
}
