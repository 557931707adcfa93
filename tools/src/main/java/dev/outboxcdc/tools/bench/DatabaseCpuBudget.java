package dev.outboxcdc.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The database server on a CPU budget of its own: its process moved into a cgroup with a CPU quota
 * ({@code cpu.cfs_quota_us} under cgroup v1, {@code cpu.max} under v2), so that a stage measures
 * what the database can do for each relay mode when it, not the shared cores, is the limit, as in
 * production where the database is the one part that does not scale out. Closing moves the process
 * back and removes the group. Needs root; where the group cannot be made, {@link #apply} says why
 * and the stage is skipped.
 */
final class DatabaseCpuBudget implements AutoCloseable {
    private static final Path V1_CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2_ROOT = Path.of("/sys/fs/cgroup");
    private static final long PERIOD_MICROS = 100_000;

    private final Path group;
    private final Path parentProcs;
    private final long pid;
    private final String applied;

    private DatabaseCpuBudget(Path group, Path parentProcs, long pid, String applied) {
        this.group = group;
        this.parentProcs = parentProcs;
        this.pid = pid;
        this.applied = applied;
    }

    /** The budget applied to {@code pid}, or why it could not be (the reason names what to run instead). */
    static Result apply(long pid, double cores) {
        long quota = Math.round(cores * PERIOD_MICROS);
        String name = "outbox-bench-db-" + ProcessHandle.current().pid();
        try {
            if (Files.isWritable(V1_CPU.resolve("cgroup.procs"))) {
                Path group = Files.createDirectories(V1_CPU.resolve(name));
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                return moved(
                        group,
                        V1_CPU.resolve("cgroup.procs"),
                        pid,
                        cores,
                        "cgroup v1 " + group + ": cpu.cfs_quota_us=" + quota + " of cpu.cfs_period_us="
                                + PERIOD_MICROS);
            }
            if (Files.readString(V2_ROOT.resolve("cgroup.controllers")).contains("cpu")) {
                Path group = Files.createDirectories(V2_ROOT.resolve(name));
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
                return moved(
                        group,
                        V2_ROOT.resolve("cgroup.procs"),
                        pid,
                        cores,
                        "cgroup v2 " + group + ": cpu.max=" + quota + " " + PERIOD_MICROS);
            }
            return Result.skipped(
                    "no writable cgroup CPU controller (neither " + V1_CPU + " nor " + V2_ROOT + " with cpu)");
        } catch (IOException | RuntimeException e) {
            return Result.skipped("cannot create a CPU cgroup for the database (pid " + pid + "): " + e.getMessage()
                    + "; run make bench as root on a host whose cgroup file system is writable");
        }
    }

    private static Result moved(Path group, Path parentProcs, long pid, double cores, String how) throws IOException {
        try {
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException e) {
            Files.deleteIfExists(group);
            throw new IOException(
                    "cannot move the database server (pid " + pid + ") into " + group + ": " + e.getMessage(), e);
        }
        String applied = String.format(Locale.ROOT, "database pid %d limited to %.2f core (%s)", pid, cores, how);
        return new Result(Optional.of(new DatabaseCpuBudget(group, parentProcs, pid, applied)), applied);
    }

    /** The budget, or empty with the reason in {@code said}. */
    record Result(Optional<DatabaseCpuBudget> budget, String said) {
        static Result skipped(String reason) {
            return new Result(Optional.empty(), reason);
        }
    }

    String applied() {
        return applied;
    }

    /** Moves the server back to where every other process is and removes the group. */
    @Override
    public void close() {
        try {
            if (ProcessHandle.of(pid).isPresent()) {
                Files.writeString(parentProcs, Long.toString(pid));
            }
            Files.deleteIfExists(group);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot lift the database's CPU budget (" + group + "): " + e.getMessage() + "; as root: echo "
                            + pid + " > " + parentProcs + " && rmdir " + group,
                    e);
        }
    }
}
