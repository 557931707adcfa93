package dev.outboxcdc.ctl.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing down: per name and per client address, failed sign-ins in a row make
 * the next attempt wait longer (a growing delay), and enough of them lock the name or address for
 * {@link #lock}. While a name or address waits or is locked, its attempts are refused without
 * their password mattering, with the answer a wrong password gets: the caller cannot tell a
 * locked name from a wrong password, nor a name that exists from one that does not (unknown names
 * are counted the same way).
 *
 * <p>An attempt that is let through is counted as a failure before its password is checked (so
 * that many attempts sent at once cannot all pass the check), and taken back by {@link
 * #succeeded}; attempts refused while waiting do not count, so that an attacker cannot keep a
 * user locked longer by trying faster. A name's failures are forgotten at its next success, or
 * {@link #FORGET_AFTER} after the last; an address's only by time (signing in as oneself does not
 * wipe the failures one's address made against other names). Both tables are bounded: beyond
 * {@link #TRACKED} entries the one idle longest is forgotten first.
 *
 * <p>Thread-safe; sign-ins are rare, so one lock guards both tables.
 */
final class SignInThrottle {
    /** How a key's failures slow it down: free tries, then a delay doubling from {@code firstDelay}, then the lock. */
    record Policy(int freeFailures, int lockAfter) {}

    /** A name: two free tries, then 0.25 s and 0.5 s, locked at the fifth failure in a row. */
    static final Policy PER_NAME = new Policy(2, 5);
    /** A client address, which may be an office behind one NAT: ten free tries, then growing delays, locked at the twentieth. */
    static final Policy PER_ADDRESS = new Policy(10, 20);

    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    static final Duration FORGET_AFTER = Duration.ofHours(24);
    static final int TRACKED = 10_000;

    /** Whether an attempt may be checked; if not, until when its name or address waits. */
    record Admission(boolean admitted, Optional<String> refusal, List<String> locksStarted) {}

    private static final class Failures {
        int inARow;
        Instant last;

        Failures(Instant last) {
            this.last = last;
        }

        Instant notBefore = Instant.MIN;
    }

    private final Duration lock;
    private final Map<String, Failures> byName = bounded();
    private final Map<String, Failures> byAddress = bounded();

    SignInThrottle(Duration lock) {
        this.lock = lock;
    }

    Duration lock() {
        return lock;
    }

    /**
     * Lets an attempt of {@code name} from {@code address} be checked at {@code now}, counting it a
     * failure until {@link #succeeded}; or refuses it, saying which waits. {@code locksStarted}
     * describes each lock this attempt's failure would start, for the audit log.
     */
    synchronized Admission admit(String name, String address, Instant now) {
        Failures forName = current(byName, name, now);
        Failures forAddress = current(byAddress, address, now);
        if (now.isBefore(forName.notBefore) || now.isBefore(forAddress.notBefore)) {
            String refusal = now.isBefore(forName.notBefore)
                    ? "name '" + name + "' waits until " + forName.notBefore
                    : "address " + address + " waits until " + forAddress.notBefore;
            return new Admission(false, Optional.of(refusal + " after failed sign-ins"), List.of());
        }
        List<String> locks = new ArrayList<>();
        fail(forName, PER_NAME, now).ifPresent(until -> locks.add("name '" + name + "' locked until " + until));
        fail(forAddress, PER_ADDRESS, now)
                .ifPresent(until -> locks.add("address " + address + " locked until " + until));
        return new Admission(true, Optional.empty(), List.copyOf(locks));
    }

    /** The admitted attempt was right: the name starts afresh; the address's count goes back by this attempt. */
    synchronized void succeeded(String name, String address) {
        byName.remove(name);
        Failures forAddress = byAddress.get(address);
        if (forAddress != null) {
            forAddress.inARow = Math.max(0, forAddress.inARow - 1);
            forAddress.notBefore = Instant.MIN;
        }
    }

    /**
     * How long after the {@code failures}-th failure in a row the next attempt waits under {@code
     * policy}: nothing for the free tries, then {@link #FIRST_DELAY} doubling, then {@link #lock};
     * never longer than the lock.
     */
    Duration waitAfter(int failures, Policy policy) {
        if (failures >= policy.lockAfter()) {
            return lock;
        }
        if (failures <= policy.freeFailures()) {
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(30, failures - policy.freeFailures() - 1));
        return delay.compareTo(lock) > 0 ? lock : delay;
    }

    /** Counts a failure; returns until when the key is locked if this failure locks it. */
    private Optional<Instant> fail(Failures failures, Policy policy, Instant now) {
        failures.inARow++;
        failures.last = now;
        failures.notBefore = now.plus(waitAfter(failures.inARow, policy));
        return failures.inARow >= policy.lockAfter() ? Optional.of(failures.notBefore) : Optional.empty();
    }

    private static Failures current(Map<String, Failures> table, String key, Instant now) {
        Failures failures = table.get(key);
        if (failures == null || failures.last.plus(FORGET_AFTER).isBefore(now)) {
            failures = new Failures(now);
            table.put(key, failures);
        }
        return failures;
    }

    private static Map<String, Failures> bounded() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > TRACKED;
            }
        };
    }
}
