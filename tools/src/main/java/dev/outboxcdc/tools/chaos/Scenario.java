package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.util.Optional;

/**
 * One fault, injected into a running stack under load; returns once the fault (and any restart) is
 * done.
 *
 * @param recoveryFrom   what its recovery counts from, as {@link FaultClock#letBack} marks it ("the restart")
 * @param recoveryTarget how soon after that the pipeline must be back, checked by {@code make chaos}
 * @param updateRatio    the share of the load's requests that update a customer created earlier in
 *                       the run (PATCH), so that the check covers the order of each customer's events
 * @param load           how long its load runs, if longer than the suite's (a fault that lasts longer)
 * @param faultAfter     how long the load runs before the fault, if not the suite's
 */
record Scenario(
        int number,
        String name,
        boolean expectNoDuplicateDeliveries,
        String recoveryFrom,
        Optional<Duration> recoveryTarget,
        Fault fault,
        double updateRatio,
        Optional<Duration> load,
        Optional<Duration> faultAfter) {

    /** A scenario whose load only creates customers. */
    Scenario(
            int number,
            String name,
            boolean expectNoDuplicateDeliveries,
            String recoveryFrom,
            Optional<Duration> recoveryTarget,
            Fault fault) {
        this(
                number,
                name,
                expectNoDuplicateDeliveries,
                recoveryFrom,
                recoveryTarget,
                fault,
                0,
                Optional.empty(),
                Optional.empty());
    }

    /** The same fault under a load of which {@code ratio} are updates. */
    Scenario withUpdates(double ratio) {
        return with(ratio, load, faultAfter);
    }

    /** The same fault under a load that runs {@code duration}. */
    Scenario withLoad(Duration duration) {
        return with(updateRatio, Optional.of(duration), faultAfter);
    }

    /**
     * The same fault, {@code lead} into the load: a fault that lasts its own half minute needs only
     * a moment of load before it to show the pipeline flowing.
     */
    Scenario withFaultAfter(Duration lead) {
        return with(updateRatio, load, Optional.of(lead));
    }

    private Scenario with(double ratio, Optional<Duration> loadFor, Optional<Duration> lead) {
        return new Scenario(
                number, name, expectNoDuplicateDeliveries, recoveryFrom, recoveryTarget, fault, ratio, loadFor, lead);
    }

    interface Fault {
        /** Injects the fault, marking on {@code clock} when it hit and when the pipeline was let back; the returned proof is checked once the run has drained. */
        Proof inject(ServiceStack stack, FaultClock clock) throws Exception;

        /** Before the load starts: what the fault needs in place (a replica to fail over to). */
        default void prepare(ServiceStack stack) throws Exception {}

        /** After the check: the stack and the servers back as the next scenario expects them. */
        default void restore(ServiceStack stack) throws Exception {}
    }

    /** What the fault did, judged with the run's load and database check in hand. */
    interface Proof {
        FaultEvidence check(LoadResult load, Verification verification) throws Exception;
    }
}
