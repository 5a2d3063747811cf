package dev.alexos.server.internal.auth;

import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.ledger.Ledger;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves who is calling: a bearer token, the dashboard session cookie or (WebSocket only) a
 * {@code ?token=} query parameter. Failed attempts are rate-limited per client address and
 * written to the ledger as {@code server.auth_failed} (address, path, reason — never the token).
 * Thread-safe.
 */
public final class AuthService {
    /** Name of the dashboard session cookie. */
    public static final String SESSION_COOKIE = "alexos_session";
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final Principal OPEN = new Principal("open-auth", Role.ADMIN);

    private final TokenStore tokens;
    private final SessionStore sessions;
    private final LoginRateLimiter limiter;
    private final Ledger ledger;
    private final boolean open;

    public AuthService(TokenStore tokens, SessionStore sessions, LoginRateLimiter limiter, Ledger ledger, boolean open) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.limiter = limiter;
        this.ledger = ledger;
        this.open = open;
    }

    /** What authentication found. */
    public sealed interface Outcome {
    }

    /** No credentials were presented. */
    public record Anonymous() implements Outcome {
    }

    /** Valid credentials. */
    public record Authenticated(Principal principal) implements Outcome {
    }

    /** Credentials were presented and are wrong (already counted and recorded). */
    public record Rejected(String reason) implements Outcome {
    }

    /** Too many failures from this address. */
    public record Limited(long retryAfterSeconds) implements Outcome {
    }

    public boolean isOpen() {
        return open;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /**
     * Authenticates a request.
     *
     * @param allowQueryToken whether {@code ?token=} is accepted (WebSocket upgrades, where
     *     browsers cannot set headers)
     */
    public Outcome authenticate(Context ctx, boolean allowQueryToken) {
        if (open) {
            return new Authenticated(OPEN);
        }
        String authz = ctx.header("Authorization");
        String token = null;
        if (authz != null && !authz.isBlank()) {
            if (!authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return reject(ctx, "unsupported authorization scheme (use 'Bearer <token>')");
            }
            token = authz.substring(7).trim();
        } else if (allowQueryToken && ctx.queryParam("token") != null) {
            token = ctx.queryParam("token");
        }
        if (token != null) {
            long wait = limiter.retryAfterSeconds(ctx.ip());
            if (wait > 0) {
                return new Limited(wait);
            }
            Optional<TokenStore.TokenEntry> match = tokens.match(token);
            return match.<Outcome>map(e -> new Authenticated(new Principal(e.name(), e.role())))
                    .orElseGet(() -> reject(ctx, "unknown token"));
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie != null) {
            // an expired session is not an attack: treat it as no credentials so the page asks to log in
            return sessions.find(cookie).<Outcome>map(Authenticated::new).orElseGet(Anonymous::new);
        }
        return new Anonymous();
    }

    /**
     * Checks a token presented at the login page.
     *
     * @return the principal, or the refusal (already counted and recorded)
     */
    public Outcome login(Context ctx, String token) {
        long wait = limiter.retryAfterSeconds(ctx.ip());
        if (wait > 0) {
            return new Limited(wait);
        }
        if (token == null || token.isBlank()) {
            return reject(ctx, "empty token");
        }
        return tokens.match(token.trim()).<Outcome>map(e -> new Authenticated(new Principal(e.name(), e.role())))
                .orElseGet(() -> reject(ctx, "unknown token"));
    }

    private Outcome reject(Context ctx, String reason) {
        String ip = ctx.ip();
        limiter.recordFailure(ip);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("address", ip);
        payload.put("method", ctx.method().name());
        payload.put("path", ctx.path());
        payload.put("reason", reason);
        try {
            ledger.append("server.auth_failed", payload).exceptionally(e -> {
                LOG.warn("could not record a failed login in the ledger: {}", e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record a failed login in the ledger: {}", e.toString());
        }
        LOG.info("authentication failed from {} on {} {}: {}", ip, ctx.method().name(), ctx.path(), reason);
        return new Rejected(reason);
    }
}
