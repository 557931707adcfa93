package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.loadtest.bench.ServiceStack;
import dev.outboxcdc.testsupport.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The primary database killed under load and its semi-synchronous GTID replica promoted, as an
 * operator does it (docs/SCALING.md, "Database failover"): {@code scripts/infras.sh promote}, then
 * api, worker and relay pointed at the new primary and restarted. The scenario proves that the
 * primary's death was felt (requests failed) and that the relay resumed on the new primary from
 * the position it had stored on the old one, by its GTIDs, without a reset and a re-publication
 * of the outbox; the suite's check, run on the new primary, that nothing committed there was lost
 * or applied twice.
 */
final class DatabaseFailover implements Scenario.Fault {
    /** The relay's start line: "resuming from outbox-binlog.000003:1234 (GTIDs 0-1-1746)". */
    private static final Pattern RESUMING = Pattern.compile("resuming from (\\S+):\\d+ \\(GTIDs ([^)]+)\\)");

    private final Infrastructure infrastructure;

    DatabaseFailover(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    @Override
    public void prepare(ServiceStack stack) throws Exception {
        infrastructure.startReplica();
    }

    @Override
    public Scenario.Proof inject(ServiceStack stack) throws Exception {
        infrastructure.killDatabase();
        int newPrimary = infrastructure.promoteReplica();
        stack.stopServices();
        stack.startServicesAgainst(newPrimary);
        List<String> newPrimaryFiles;
        try (TestDatabase database = new TestDatabase(stack.admin())) {
            newPrimaryFiles = database.jdbi().withHandle(handle ->
                    handle.createQuery("SHOW BINARY LOGS").map((row, ctx) -> row.getString(1)).list());
        }
        return (load, verification) -> {
            String relayLog = ServiceProbe.logSince(stack.relay, 0);
            Matcher resuming = RESUMING.matcher(relayLog);
            Optional<String> file = resuming.find() ? Optional.of(resuming.group(1)) : Optional.empty();
            Optional<String> gtids = file.map(found -> resuming.group(2));
            boolean reset = relayLog.contains("deleting the stored offsets");
            boolean felt = load.failed() > 0;
            boolean resumed = gtids.isPresent() && !reset && verification.duplicateDeliveries() < verification.created();
            return FaultEvidence.of(felt && resumed, String.format(
                    "%d requests failed while no primary answered; on the promoted replica the relay resumed from %s (GTIDs %s,"
                            + " a binlog file the new primary %s) %s; %d events delivered again",
                    load.failed(), file.orElse("no stored position"), gtids.orElse("none"),
                    file.map(name -> newPrimaryFiles.contains(name) ? "also has" : "does not have").orElse("–"),
                    reset ? "but reset its offsets and re-published" : "without a reset", verification.duplicateDeliveries()));
        };
    }

    @Override
    public void restore(ServiceStack stack) throws Exception {
        stack.stopServices();
        stack.startServicesAgainst(infrastructure.restorePrimary());
    }
}
