package dev.outboxcdc.ctl.console;

import dev.outboxcdc.ctl.audit.AuditLog;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the console ({@code CONSOLE_USERS}), and proof that a state-changing request comes
 * from the console's own page. Signing in with a name and password starts a session: a new random
 * id (any session the browser came with is ended) in an {@code HttpOnly}, {@code SameSite=Strict}
 * cookie, {@code Secure} when the console serves HTTPS, and a CSRF token that the page sends back
 * in the {@value #CSRF_HEADER} header of every POST (a synchronizer token: another site's page can
 * make the browser send the cookie, but cannot read the token). Scripts authenticate each request
 * with HTTP Basic instead and need no token: a browser sends Basic credentials only after a server
 * asked for them, which this one never does (no {@code WWW-Authenticate}).
 *
 * <p>Every password check, by sign-in or by Basic credentials, goes through the {@link
 * SignInThrottle}; each failure is one entry of the audit log ({@code console.sign-in}, refused),
 * each lock one more ({@code console.sign-in.lock}) and one log line. A refusal says only "wrong
 * name or password", whatever the reason.
 */
final class ConsoleAuth {
    static final String COOKIE = "outbox_console_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The operator's name when {@code OUTBOX_ENV=dev} left the users unset (no sign-in). */
    static final String DEV_OPERATOR = "dev";

    private static final Logger log = LoggerFactory.getLogger(ConsoleAuth.class);
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(8);

    /** A signed-in browser: its user and its CSRF token. */
    record Session(String user, String csrfToken) {}

    /** Who a request is from, and whether it came with the session cookie (which makes it need the CSRF token). */
    record Caller(String user, Optional<Session> session) {}

    private record Stored(Session session, Instant lastSeen) {}

    private final ConsoleUsers users;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final boolean secureCookie;
    private final Clock clock;
    private final Map<String, Stored> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ConsoleAuth(ConsoleUsers users, SignInThrottle throttle, AuditLog audit, boolean secureCookie, Clock clock) {
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.secureCookie = secureCookie;
        this.clock = clock;
    }

    boolean required() {
        return !users.isEmpty();
    }

    /** A new session for a right name and password; ends the one the browser came with, sets the new one's cookie. */
    Optional<Session> signIn(Context ctx, String name, String password) {
        if (!check(name, password, ctx.ip(), "sign-in")) {
            return Optional.empty();
        }
        Optional.ofNullable(ctx.cookie(COOKIE)).ifPresent(sessions::remove);
        String id = token();
        Session session = new Session(name, token());
        sessions.put(id, new Stored(session, clock.instant()));
        Cookie cookie = new Cookie(COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure(secureCookie);
        cookie.setPath("/");
        ctx.cookie(cookie);
        audit.record(action(name, "sign-in", ctx.ip()), AuditLog.Outcome.DONE, "signed in");
        return Optional.of(session);
    }

    /**
     * Whether {@code password} is {@code name}'s and the throttle lets the attempt count; a failure
     * is audited (and a lock it starts, also logged). The password is checked in every case, so
     * that a refusal takes as long whatever its reason.
     */
    private boolean check(String name, String password, String address, String how) {
        boolean right = users.matches(name, password);
        SignInThrottle.Admission admission = throttle.admit(name, address, clock.instant());
        if (admission.admitted() && right) {
            throttle.succeeded(name, address);
            return true;
        }
        audit.record(
                action(name, how, address),
                AuditLog.Outcome.REFUSED,
                admission.refusal().map(why -> "not checked: " + why).orElse("wrong name or password"));
        for (String lock : admission.locksStarted()) {
            log.warn("console: {} after failed sign-ins in a row (the audit log lists them)", lock);
            audit.record(
                    new AuditLog.Action(name, "console", "console.sign-in.lock", "from " + address, false),
                    AuditLog.Outcome.DONE,
                    lock + " after failed sign-ins in a row");
        }
        return false;
    }

    private static AuditLog.Action action(String name, String how, String address) {
        return new AuditLog.Action(name, "console", "console.sign-in", how + " from " + address, false);
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
            if (stored == null || stored.lastSeen().plus(IDLE_TIMEOUT).isBefore(clock.instant())) {
                sessions.remove(cookie);
                return Optional.empty();
            }
            sessions.put(cookie, new Stored(stored.session(), clock.instant()));
            return Optional.of(new Caller(stored.session().user(), Optional.of(stored.session())));
        }
        return basic(ctx.header("Authorization"), ctx.ip()).map(user -> new Caller(user, Optional.empty()));
    }

    /** Whether a state-changing request of this caller carries what it must: the session's CSRF token. */
    static boolean csrfHolds(Caller caller, Context ctx) {
        return caller.session()
                .map(session -> constantTimeEquals(session.csrfToken(), ctx.header(CSRF_HEADER)))
                .orElse(true);
    }

    private Optional<String> basic(String header, String address) {
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
        return check(name, decoded.substring(colon + 1), address, "basic") ? Optional.of(name) : Optional.empty();
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
