package dev.outboxcdc.ctl.console;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the console ({@code CONSOLE_USERS}), and proof that a state-changing request comes
 * from the console's own page. Signing in with a name and password starts a session: a random id in
 * an {@code HttpOnly}, {@code SameSite=Strict} cookie, and a CSRF token that the page sends back in
 * the {@value #CSRF_HEADER} header of every POST (a synchronizer token: another site's page can make
 * the browser send the cookie, but cannot read the token). Scripts authenticate each request with
 * HTTP Basic instead and need no token: a browser sends Basic credentials only after a server asked
 * for them, which this one never does (no {@code WWW-Authenticate}).
 */
final class ConsoleAuth {
    static final String COOKIE = "outbox_console_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The operator's name when {@code OUTBOX_ENV=dev} left the users unset (no sign-in). */
    static final String DEV_OPERATOR = "dev";

    private static final Duration IDLE_TIMEOUT = Duration.ofHours(8);

    /** A signed-in browser: its user and its CSRF token. */
    record Session(String user, String csrfToken) {}

    /** Who a request is from, and whether it came with the session cookie (which makes it need the CSRF token). */
    record Caller(String user, Optional<Session> session) {}

    private record Stored(Session session, Instant lastSeen) {}

    private final Map<String, String> users;
    private final Map<String, Stored> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ConsoleAuth(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    boolean required() {
        return !users.isEmpty();
    }

    /** A new session for a right name and password; sets its cookie. */
    Optional<Session> signIn(Context ctx, String name, String password) {
        if (!matches(name, password)) {
            return Optional.empty();
        }
        String id = token();
        Session session = new Session(name, token());
        sessions.put(id, new Stored(session, Instant.now()));
        Cookie cookie = new Cookie(COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
        return Optional.of(session);
    }

    void signOut(Context ctx) {
        Optional.ofNullable(ctx.cookie(COOKIE)).ifPresent(sessions::remove);
        ctx.removeCookie(COOKIE, "/");
    }

    /** The caller, or empty when the request carries no valid session or credentials. */
    Optional<Caller> caller(Context ctx) {
        if (!required()) {
            return Optional.of(new Caller(DEV_OPERATOR, Optional.empty()));
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null) {
            Stored stored = sessions.get(cookie);
            if (stored == null || stored.lastSeen().plus(IDLE_TIMEOUT).isBefore(Instant.now())) {
                sessions.remove(cookie);
                return Optional.empty();
            }
            sessions.put(cookie, new Stored(stored.session(), Instant.now()));
            return Optional.of(new Caller(stored.session().user(), Optional.of(stored.session())));
        }
        return basic(ctx.header("Authorization")).map(user -> new Caller(user, Optional.empty()));
    }

    /** Whether a state-changing request of this caller carries what it must: the session's CSRF token. */
    static boolean csrfHolds(Caller caller, Context ctx) {
        return caller.session()
                .map(session -> constantTimeEquals(session.csrfToken(), ctx.header(CSRF_HEADER)))
                .orElse(true);
    }

    private Optional<String> basic(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded =
                    new String(Base64.getDecoder().decode(header.substring("Basic ".length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        return matches(name, decoded.substring(colon + 1)) ? Optional.of(name) : Optional.empty();
    }

    private boolean matches(String name, String password) {
        String expected = users.get(name);
        // compared in constant time, also for an unknown name, so that timing tells nothing
        return constantTimeEquals(expected == null ? token() : expected, password) && expected != null;
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
