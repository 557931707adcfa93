package dev.outboxcdc.ctl.console;

import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.audit.AuditLog;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.ctl.parked.ParkedCommand;
import dev.outboxcdc.ctl.parked.ParkingLot;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's requeues of parked messages, one at a time, each on a thread of its own so that a
 * bulk requeue (a filter matching 100,000 messages) reports its progress while it runs and can be
 * stopped between two messages ({@link ParkingLot#requeue}: nothing lost or doubled by a stop).
 * Audited like the CLI's, via {@code console}, as the signed-in user.
 */
final class RequeueJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RequeueJobs.class);

    /** A requeue as the page polls it. */
    record View(
            long id,
            String user,
            String selection,
            boolean forced,
            String state,
            long matched,
            long moved,
            long outsideWindow,
            Optional<String> detail) {}

    private static final class Job {
        final long id;
        final String user;
        final ParkingLot.Selection selection;
        final boolean force;
        final AtomicBoolean stop = new AtomicBoolean();
        volatile String state = "running";
        volatile ParkingLot.Requeue progress =
                new ParkingLot.Requeue(0, 0, 0, java.util.List.of(), false, Optional.empty());
        volatile Optional<String> detail = Optional.empty();

        @Nullable
        Thread thread;

        Job(long id, String user, ParkingLot.Selection selection, boolean force) {
            this.id = id;
            this.user = user;
            this.selection = selection;
            this.force = force;
        }

        View view() {
            return new View(
                    id,
                    user,
                    selection.describe(),
                    force,
                    state,
                    progress.matched(),
                    progress.moved(),
                    progress.outsideWindow(),
                    detail);
        }
    }

    private final CtlConfig config;
    private final ReplayGuard guard;
    private final AuditLog audit;
    private final AtomicLong ids = new AtomicLong();
    private volatile @Nullable Job current;

    RequeueJobs(CtlConfig config, ReplayGuard guard, AuditLog audit) {
        this.config = config;
        this.guard = guard;
        this.audit = audit;
    }

    /** Starts a requeue; empty while another one runs (the page says so). */
    synchronized Optional<View> start(String user, ParkingLot.Selection selection, boolean force) {
        if (current != null && current.state.equals("running")) {
            return Optional.empty();
        }
        Job job = new Job(ids.incrementAndGet(), user, selection, force);
        current = job;
        job.thread = new Thread(() -> run(job), "console-requeue-" + job.id);
        job.thread.setDaemon(true);
        job.thread.start();
        return Optional.of(job.view());
    }

    Optional<View> find(long id) {
        Job job = current;
        return job != null && job.id == id ? Optional.of(job.view()) : Optional.empty();
    }

    /** Asks the requeue to stop after the message in hand. */
    Optional<View> stop(long id) {
        Job job = current;
        if (job == null || job.id != id) {
            return Optional.empty();
        }
        job.stop.set(true);
        return Optional.of(job.view());
    }

    /** The console stops: a running requeue stops after the message in hand, and is waited for. */
    @Override
    public void close() throws InterruptedException {
        Job job = current;
        if (job != null && job.thread != null) {
            job.stop.set(true);
            job.thread.join(java.time.Duration.ofSeconds(30).toMillis());
        }
    }

    private void run(Job job) {
        try (Broker broker = Broker.connect(config.amqp())) {
            ParkingLot lot = new ParkingLot(config, broker);
            ParkingLot.Requeue done = audit.run(
                    new AuditLog.Action(job.user, "console", "parked.requeue", job.selection.describe(), job.force),
                    () -> lot.requeue(
                            job.selection, guard, job.force, Instant.now(), job.stop::get, now -> job.progress = now),
                    result -> ParkedCommand.ending(result, guard, job.force));
            job.progress = done;
            AuditLog.Ending ending = ParkedCommand.ending(done, guard, job.force);
            job.detail = ending.detail().isEmpty() ? Optional.empty() : Optional.of(ending.detail());
            job.state = ending.outcome().name().toLowerCase(java.util.Locale.ROOT);
        } catch (Exception e) {
            log.error("requeue {} ({}) failed", job.id, job.selection.describe(), e);
            job.detail = Optional.of(String.valueOf(e.getMessage()));
            job.state = "failed";
        }
    }
}
