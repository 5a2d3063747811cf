package dev.alexos.server.internal.auth;

import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.compliance.Evidence;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.server.internal.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's compliance checks, computed from the real files and settings each time:
 * {@code server.auth_configured} and {@code server.secrets_hygiene}.
 */
public final class ServerComplianceChecks {

    private ServerComplianceChecks() {
    }

    /** Both checks. {@code configFile} may be {@code null} (no file). */
    public static List<ComplianceCheck> of(ServerSettings settings, TokenStore tokens, ConfigSection server, Path configFile) {
        return List.of(new AuthConfigured(settings, tokens), new SecretsHygiene(tokens, server, configFile));
    }

    private record AuthConfigured(ServerSettings settings, TokenStore tokens) implements ComplianceCheck {
        public String id() {
            return "server.auth_configured";
        }

        public String title() {
            return "API authentication is on";
        }

        public ComplianceResult.Severity severity() {
            return ComplianceResult.Severity.CRITICAL;
        }

        public ComplianceResult evaluate() {
            List<Evidence> ev = List.of(new Evidence("server", "server.auth", settings.openAuth() ? "open" : "token"),
                    new Evidence("server", "server.bind", settings.bind()),
                    new Evidence("server", "tokens", Integer.toString(tokens.entries().size())));
            if (settings.openAuth()) {
                return result(ComplianceResult.Status.WARN,
                        "authentication is off (ALEXOS_AUTH=open); allowed only because the server binds to loopback", ev,
                        "unset ALEXOS_AUTH (or set it to 'token') and log in with a token");
            }
            if (tokens.entries().isEmpty()) {
                return result(ComplianceResult.Status.FAIL, "no API token is configured", ev,
                        "set ALEXOS_API_TOKEN or server.tokens, or delete auth/tokens.json to generate an admin token");
            }
            return result(ComplianceResult.Status.PASS, "every non-health route needs a token with the right role", ev, null);
        }
    }

    private record SecretsHygiene(TokenStore tokens, ConfigSection server, Path configFile) implements ComplianceCheck {
        public String id() {
            return "server.secrets_hygiene";
        }

        public String title() {
            return "Tokens are not stored readable by others";
        }

        public ComplianceResult.Severity severity() {
            return ComplianceResult.Severity.HIGH;
        }

        public ComplianceResult evaluate() {
            List<Evidence> ev = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try {
                Path file = tokens.file();
                if (Files.exists(file)) {
                    String mode = mode(file);
                    ev.add(new Evidence(file.toString(), "mode", mode));
                    if (groupOrOtherCanRead(file)) {
                        problems.add("the token file " + file + " is readable by group or others (" + mode + ")");
                    }
                }
                boolean tokensInFile = configFile != null && Files.exists(configFile) && fileHasTokens(configFile);
                if (configFile != null && Files.exists(configFile)) {
                    ev.add(new Evidence(configFile.toString(), "contains tokens", Boolean.toString(tokensInFile)));
                    ev.add(new Evidence(configFile.toString(), "mode", mode(configFile)));
                    if (tokensInFile && groupOrOtherCanRead(configFile)) {
                        problems.add("the configuration file " + configFile
                                + " holds tokens in plain text and is readable by group or others");
                    }
                }
            } catch (IOException | UnsupportedOperationException e) {
                return result(ComplianceResult.Status.ERROR, "could not read file permissions: " + e.getMessage(), ev, null);
            }
            if (!problems.isEmpty()) {
                return result(ComplianceResult.Status.FAIL, String.join("; ", problems), ev,
                        "chmod 600 the file, or give tokens through the environment (ALEXOS_API_TOKEN)");
            }
            return result(ComplianceResult.Status.PASS, "token files are owner-only; tokens are stored hashed", ev, null);
        }

        private static boolean fileHasTokens(Path file) throws IOException {
            String text = Files.readString(file);
            return text.matches("(?s).*\\b(api_token|token)\\s*:\\s*\\S+.*");
        }
    }

    private static boolean groupOrOtherCanRead(Path file) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    private static String mode(Path file) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
