package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.tools.load.LoadResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The primary database killed under load and its semi-synchronous GTID replica promoted, as an
 * operator does it (docs/OPERATIONS.md, "Database failover": {@code scripts/infras.sh promote}). The
 * services are not restarted: their {@code DB_FAILOVER_HOSTS} names the replica, their connections
 * turn to it, and the relay restarts its engine against it once it is writable, from the position
 * it had stored on the old primary, by its GTIDs, without a reset and a re-publication of the
 * outbox. The scenario proves that the primary's death was felt (requests failed), that no service
 * was restarted, and that the relay resumed on the new primary; its target, that no request failed
 * after the promotion window (plus the api's wait for a connection).
 */
final class DatabaseFailover implements Scenario.Fault {
    /** The relay's engine start: "CDC engine starting: mariadb connector on 127.0.0.1:3318, ... resuming from f:1234 (GTIDs 0-1-17)". */
    private static final Pattern RESUMING =
            Pattern.compile("connector on (\\S+?),.*resuming from (\\S+):\\d+ \\(GTIDs ([^)]+)\\)");
    /** How long a request may wait for a connection before the api answers 503 (ConnectionPools). */
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);

    private final Infrastructure infrastructure;

    DatabaseFailover(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    /** The environment every service of the chaos stack gets: the replica as the failover server. */
    static Map<String, String> failoverEnvironment(Infrastructure infrastructure) {
        return Map.of("DB_FAILOVER_HOSTS", "127.0.0.1:" + infrastructure.replicaPort());
    }

    @Override
    public void prepare(ServiceStack stack) throws Exception {
        infrastructure.startReplica();
    }

    @Override
    public Scenario.Proof inject(ServiceStack stack, FaultClock clock) throws Exception {
        int relayLog = ServiceProbe.logLength(stack.relay());
        infrastructure.killDatabase();
        clock.hit();
        int newPrimary = infrastructure.promoteReplica();
        Instant promoted = Instant.now();
        stack.followFailover(newPrimary);
        return (load, verification) -> {
            Duration window = Duration.between(clock.hitAt(), promoted);
            long failedAfter = failedAfter(load, clock.loadStarted(), promoted.plus(CONNECTION_WAIT));
            List<String> restarted = stack.processes().stream()
                    .filter(process -> process.launched().isAfter(clock.hitAt()))
                    .map(ServiceProcess::name)
                    .toList();
            Matcher resumed = RESUMING.matcher(ServiceProbe.logSince(stack.relay(), relayLog));
            Optional<String> on = resumed.find() ? Optional.of(resumed.group(1)) : Optional.empty();
            boolean reset = ServiceProbe.logSince(stack.relay(), relayLog).contains("deleting the stored offsets");
            String observed = String.format(
                    Locale.ROOT,
                    "%d requests failed, %d of them more than %d s after the promotion window"
                            + " (kill to promoted: %.1f s); services restarted: %s; the relay %s%s; %d events delivered again",
                    load.failed(),
                    failedAfter,
                    CONNECTION_WAIT.toSeconds(),
                    window.toMillis() / 1000.0,
                    restarted.isEmpty() ? "none" : String.join(", ", restarted),
                    on.map(server -> "resumed on " + server + " from " + resumed.group(2) + " (GTIDs "
                                    + resumed.group(3) + ")")
                            .orElse("did not resume from a stored position"),
                    reset ? " but reset its offsets and re-published" : " without a reset",
                    verification.duplicateDeliveries());
            boolean resumedOnNewPrimary =
                    on.filter(server -> server.endsWith(":" + newPrimary)).isPresent() && !reset;
            FaultEvidence evidence =
                    FaultEvidence.of(load.failed() > 0 && restarted.isEmpty() && resumedOnNewPrimary, observed);
            return failedAfter == 0
                    ? evidence
                    : evidence.unrecovered(failedAfter + " requests failed after the promotion window");
        };
    }

    /** Requests that failed in the seconds of the load that began at or after {@code after}. */
    private static long failedAfter(LoadResult load, Instant loadStarted, Instant after) {
        return load.requestsPerSecond().stream()
                .filter(second -> !loadStarted.plusSeconds(second.second()).isBefore(after))
                .mapToLong(second -> second.serverErrors() + second.transportErrors())
                .sum();
    }

    @Override
    public void restore(ServiceStack stack) throws Exception {
        stack.stopServices();
        stack.startServicesAgainst(infrastructure.restorePrimary());
    }
}
