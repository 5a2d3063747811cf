package dev.alexos.server.internal.auth;

import dev.alexos.core.http.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions: an unguessable id (the cookie value) mapped to the principal who logged in,
 * until it expires. In memory: a restart logs everyone out. Thread-safe.
 */
public final class SessionStore {
    private record Session(Principal principal, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;

    public SessionStore(SecureRandom random, Clock clock, Duration ttl) {
        this.random = random;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Opens a session and returns its id. */
    public String create(Principal principal) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        sessions.put(id, new Session(principal, now.plus(ttl)));
        return id;
    }

    /** The principal of a live session. */
    public Optional<Principal> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expiresAt().isAfter(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s.principal());
    }

    public void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration ttl() {
        return ttl;
    }
}
