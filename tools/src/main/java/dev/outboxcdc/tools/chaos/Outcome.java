package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario did to the pipeline, checked against the database. A customer committed whose
 * request still failed (the database killed after the commit, before the answer) is an
 * <em>ambiguous commit</em>: its event exists and must be handled like any other, and it is
 * neither lost nor duplicated. A 201 without its customer would be a loss.
 */
public record Outcome(
        Scenario scenario,
        LoadResult load,
        Verification verification,
        Recovery recovery,
        FaultEvidence evidence,
        Timeline timeline,
        Targets targets) {

    /** Whether a recovery over its scenario's target fails the scenario ({@code make chaos}) or is only printed (the fast IT). */
    public enum Targets {
        ENFORCED,
        REPORTED
    }

    /** When the load started, and the fault's start and end and the recovery's end counted from then. */
    public record Timeline(Instant loadStarted, Duration faultStart, Duration faultEnd, Duration recovered) {}

    static final String TABLE_HEADER = """
            | # | scenario | fault seen | HTTP ok | HTTP failed | events created | ambiguous commits | handled | lost \
            | duplicate deliveries | duplicate effects | updates applied | recovery | takeover | result |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    /** A standby relay publishes within this time of the active one's death (default settings). */
    static final Duration TAKEOVER_TARGET = Duration.ofSeconds(5);

    public long ambiguousCommits() {
        return Math.max(0, verification.created() - load.createdOk());
    }

    public boolean passed() {
        return failureReasons().isEmpty();
    }

    /** Empty when the scenario passed. */
    public List<String> failureReasons() {
        List<String> reasons = new ArrayList<>();
        if (!evidence.proved()) {
            reasons.add("the fault had no visible effect (" + evidence.observed() + ")");
        }
        evidence.unrecovered().ifPresent(what -> reasons.add("slow recovery: " + what));
        if (!verification.passed()) {
            reasons.add(
                    verification.created() == 0
                            ? "no event was created"
                            : verification.lost() + " events lost, " + verification.duplicateEffects()
                                    + " effects applied twice");
        }
        PipelineVerifier.Updates updates = verification.updates();
        if (!updates.intact()) {
            reasons.add(String.format(
                    "updates: %d of %d not applied, %d applied out of order, %d customers' read model stale",
                    updates.lost(), updates.committed(), updates.outOfOrder(), updates.staleReadModel()));
        }
        if (load.createdOk() > verification.created()) {
            reasons.add((load.createdOk() - verification.created()) + " requests answered 201 without their customer");
        }
        evidence.takeover()
                .filter(takeover -> takeover.compareTo(TAKEOVER_TARGET) > 0)
                .ifPresent(takeover -> reasons.add(String.format(
                        "takeover took %.1f s, over the %d s target",
                        takeover.toMillis() / 1000.0, TAKEOVER_TARGET.toSeconds())));
        scenario.recoveryTarget()
                .filter(target ->
                        targets == Targets.ENFORCED && recovery.total().compareTo(target) > 0)
                .ifPresent(target -> reasons.add(String.format(
                        "slow recovery: %s s after %s, over the %d s target; longest part: %s",
                        Recovery.seconds(recovery.total()),
                        scenario.recoveryFrom(),
                        target.toSeconds(),
                        recovery.longestPart())));
        if (scenario.expectNoDuplicateDeliveries() && verification.duplicateDeliveries() > 0) {
            reasons.add(verification.duplicateDeliveries() + " duplicate deliveries after a clean stop");
        }
        return reasons;
    }

    public String line() {
        return String.format(
                "%d. %-38s fault: %s; ok %d, failed %d %s, events created %d (ambiguous commits %d), handled %d,"
                        + " lost %d, duplicate deliveries %d, duplicate effects %d%s, recovered in %s%s -> %s",
                scenario.number(),
                scenario.name(),
                evidence.observed(),
                load.ok(),
                load.failed(),
                load.statuses(),
                verification.created(),
                ambiguousCommits(),
                verification.handled(),
                verification.lost(),
                verification.duplicateDeliveries(),
                verification.duplicateEffects(),
                updatesText(),
                recoveryText(),
                evidence.takeover()
                        .map(takeover -> String.format(", takeover %.1f s", takeover.toMillis() / 1000.0))
                        .orElse(""),
                passed() ? "PASS" : "FAIL: " + String.join("; ", failureReasons()));
    }

    String tableRow() {
        return String.format(
                "| %d | %s | %s | %d | %d %s | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s |",
                scenario.number(),
                scenario.name(),
                evidence.observed(),
                load.ok(),
                load.failed(),
                load.statuses(),
                verification.created(),
                ambiguousCommits(),
                verification.handled(),
                verification.lost(),
                verification.duplicateDeliveries(),
                verification.duplicateEffects(),
                updatesCell(),
                recoveryText(),
                evidence.takeover()
                        .map(takeover -> String.format("%.1f s", takeover.toMillis() / 1000.0))
                        .orElse("–"),
                passed() ? "pass" : "**FAIL**: " + String.join("; ", failureReasons()));
    }

    /** e.g. {@code , updates applied 1520 of 1520, 0 out of order}; empty for a load of creates only. */
    private String updatesText() {
        return verification.updates().committed() == 0 ? "" : ", updates applied " + updatesCell();
    }

    /** e.g. {@code 1520 of 1520, 0 out of order}; a dash for a load of creates only. */
    private String updatesCell() {
        PipelineVerifier.Updates updates = verification.updates();
        return updates.committed() == 0
                ? "–"
                : String.format(
                        "%d of %d, %d out of order", updates.applied(), updates.committed(), updates.outOfOrder());
    }

    /** e.g. {@code 4.1 s after the restart, target 5 s (down 2.0 s before it; chaos-relay-2 launched after 0.0 s, ...)}. */
    private String recoveryText() {
        return recovery.describe(scenario.recoveryFrom()
                + scenario.recoveryTarget()
                        .map(target -> ", target " + target.toSeconds() + " s")
                        .orElse(""));
    }
}
