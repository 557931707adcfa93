package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.support.db.DatabaseErrors;
import dev.outboxcdc.support.errors.ErrorMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * The chaos stack's database on a small disk of its own, so that scenario 19 can fill it without
 * touching the machine's disk: a tmpfs mounted outside the server's datadir, the stack's database
 * directory moved onto it and linked back (MariaDB and MySQL follow a symlinked database directory;
 * DROP DATABASE removes both). {@link #fill()} writes a file until the disk has no byte left and
 * returns the switch that deletes it. Mounting needs root, a local server (not Docker) and
 * {@code mount}; where one is missing, {@link #unavailable()} says which, and scenario 19 is not run.
 */
final class DatabaseDisk implements AutoCloseable {
    /** Room for every scenario's rows (about 2 KB per event, 250,000 events a run), and little more. */
    private static final String SIZE = "1g";

    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final String PREFIX = "outbox-chaos-disk-";

    private final @Nullable Path mountPoint;
    /** The stack's database, once {@link #adopt adopted}. */
    private @Nullable String database;

    private Optional<String> unavailable;
    private boolean mounted;

    private DatabaseDisk(@Nullable Path mountPoint, Optional<String> unavailable) {
        this.mountPoint = mountPoint;
        this.unavailable = unavailable;
    }

    /** Mounts the disk, or says why it cannot be mounted here. */
    static DatabaseDisk mount() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return new DatabaseDisk(
                    null, Optional.of("mounting a tmpfs needs root; run make chaos as root (or in its container)"));
        }
        unmountLeftovers();
        Path mountPoint = Files.createDirectories(
                TEMP.resolve(PREFIX + ProcessHandle.current().pid()));
        Optional<String> failed =
                run(List.of("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", mountPoint.toString()));
        if (failed.isPresent()) {
            Files.delete(mountPoint);
            return new DatabaseDisk(null, Optional.of("mount -t tmpfs failed: " + failed.get()));
        }
        DatabaseDisk disk = new DatabaseDisk(mountPoint, Optional.empty());
        disk.mounted = true;
        return disk;
    }

    /**
     * Moves the directory of {@code database} (created, with no table yet) onto the disk and links it
     * back where the server looks for it; a server whose datadir is elsewhere (Docker) keeps it.
     */
    void adopt(String database) throws IOException, InterruptedException {
        if (!mounted) {
            return;
        }
        String datadir;
        try (TestDatabase admin = TestDatabase.admin()) {
            datadir = admin.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT @@datadir")
                            .mapTo(String.class)
                            .one());
        }
        Path directory = Path.of(datadir).resolve(database);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            unavailable =
                    Optional.of("the database server's datadir is not on this machine (Docker?): no " + directory);
            return;
        }
        // the server's user owns the disk's root as it owns its datadir
        Path disk = mountPoint();
        run(List.of("chown", "--reference=" + directory, disk.toString()));
        run(List.of("chmod", "0750", disk.toString()));
        Path moved = disk.resolve(database);
        Optional<String> failed = run(List.of("cp", "-a", directory.toString(), moved.toString()))
                .or(() -> runUnchecked(List.of("rm", "-rf", directory.toString())));
        if (failed.isPresent()) {
            throw new IOException("moving " + directory + " onto the chaos disk failed: " + failed.get());
        }
        Files.createSymbolicLink(directory, moved);
        this.database = database;
    }

    private static Optional<String> runUnchecked(List<String> command) {
        try {
            return run(command);
        } catch (IOException e) {
            return Optional.of(ErrorMessages.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The disks of suites that were killed before they could unmount them: named after their (gone) pid. */
    private static void unmountLeftovers() throws IOException, InterruptedException {
        try (var entries = Files.list(TEMP)) {
            for (Path left : entries.filter(
                            path -> path.getFileName().toString().startsWith(PREFIX))
                    .toList()) {
                String pid = left.getFileName().toString().substring(PREFIX.length());
                if (pid.chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    run(List.of("umount", "--lazy", left.toString()));
                    run(List.of("rm", "-rf", left.toString()));
                }
            }
        }
    }

    /** Why {@link #fill()} cannot be done here, if it cannot. */
    Optional<String> unavailable() {
        return unavailable;
    }

    /**
     * Writes a file of zeros until the disk has no page left (1 GiB in well under a second), then
     * uses up the pages the {@code customers} table has free; the switch deletes the file.
     *
     * <p>A full disk still takes every insert that fits in the pages its table already has: InnoDB
     * grows a table's file by up to 28 MB at a time, which at this load lasted from 4 s to more
     * than the whole 30 s of the fault (scenario 19 in a full run, after the other scenarios grew
     * the tables). Rows of no customer (their e-mail addresses end in {@code .invalid}; no outbox
     * row, so no event) fill them, in ever smaller batches, until a single row is refused: the
     * api's next registration needs space the disk has not. They stay until the suite drops the
     * database.
     */
    QuietFaultScenarios.Switch fill() throws IOException {
        Path filler = mountPoint().resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 20];
            for (; ; ) {
                out.write(block, 0, (int) Math.max(1, Math.min(block.length, usableBytes())));
            }
        } catch (IOException noSpaceLeft) {
            // full to the last page, which is the point (tmpfs reserves nothing for root)
        }
        padCustomers();
        return () -> Files.deleteIfExists(filler);
    }

    private void padCustomers() {
        try (TestDatabase admin = TestDatabase.admin()) {
            // bounded: 500,000 rows are far more than a table's free pages hold
            for (int batch = 1000, round = 0; batch >= 1 && round < 500; round++) {
                int rows = batch;
                try {
                    admin.jdbi()
                            .useHandle(handle -> handle.execute(
                                    "INSERT INTO `" + database + "`.customers (id, email, name, created_at)"
                                            + " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                                            + " SELECT UUID(), CONCAT('disk-padding-', UUID(), '@chaos.invalid'),"
                                            + " REPEAT('x', 200), NOW(6) FROM n",
                                    rows));
                } catch (JdbiException e) {
                    if (!DatabaseErrors.isDiskFull(e)) {
                        throw e;
                    }
                    batch /= 10;
                }
            }
        }
    }

    /** Bytes left on the disk now. */
    long usableBytes() throws IOException {
        return Files.getFileStore(mountPoint()).getUsableSpace();
    }

    private Path mountPoint() {
        if (mountPoint == null) {
            throw new IllegalStateException("no disk mounted: " + unavailable.orElse("not mounted"));
        }
        return mountPoint;
    }

    /** Unmounts the tmpfs: after the stack dropped its database (and with it the link and the directory). */
    // --lazy: a server that still holds a file open there (a table not yet closed) lets go of it later
    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            Path disk = mountPoint();
            run(List.of("umount", "--lazy", disk.toString()));
            Files.deleteIfExists(disk);
        }
    }

    private static Optional<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return Optional.of(String.join(" ", command) + " did not finish in 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? Optional.empty() : Optional.of(output);
    }
}
