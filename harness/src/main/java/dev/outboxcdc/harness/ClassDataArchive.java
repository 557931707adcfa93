package dev.outboxcdc.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service module's class-data-sharing archive (AppCDS, JDK 17's dynamic archive): the classes a
 * start loads, parsed and verified once, mapped by the next JVM instead of loaded again. It halves
 * the time from JVM start to ready (docs/RELIABILITY-HISTORY.md, "Start-up").
 *
 * <p>The same rule as {@code scripts/run-services.sh}: {@code <directory>/<module>.jsa} is used when
 * it is newer than the module's jar; otherwise the start dumps what it loaded when it exits, into a
 * file of its own ({@code <module>.jsa.<pid>.<n>.tmp}, the pid of the process that adopts it), and
 * that file becomes the archive only when the process exited cleanly (status 0), by an atomic
 * rename: a JVM killed while dumping leaves a truncated file, which would crash the next JVM that
 * maps it, and a file a running JVM has mapped is never written again (it would die of SIGBUS). A
 * dump whose adopting process is gone (killed with -9) is deleted by the next {@link #newDump}. An
 * archive from another JVM or class path is refused by the JVM itself with a warning, and the
 * service starts without it.
 *
 * <p>Who starts services keeps archives of its own: {@code make run} in {@code <module>/target/cds},
 * the tests and tools in {@code <module>/target/cds/harness}, so that a test never touches the
 * archive a running demo has mapped. Thread-safe.
 */
final class ClassDataArchive {
    private static final AtomicLong DUMPS = new AtomicLong();
    private final Path archive;
    private final Path jar;

    private ClassDataArchive(Path archive, Path jar) {
        this.archive = archive;
        this.jar = jar;
    }

    /**
     * The module's archive, for a start from its jar; empty when the jar is missing or older than
     * its compiled classes (a build that did not package: then the start uses target/classes, which
     * CDS cannot archive).
     */
    static Optional<ClassDataArchive> forModule(Path moduleTarget, String module, Path directory) {
        String artifact = Path.of(module).getFileName().toString(); // examples/loyalty: loyalty
        return jarOf(moduleTarget, artifact)
                .filter(jar -> newestClass(moduleTarget.resolve("classes")).compareTo(modified(jar)) <= 0)
                .map(jar -> new ClassDataArchive(directory.resolve(artifact + ".jsa"), jar));
    }

    /** The tests' and tools' archive directory of a module, apart from {@code make run}'s. */
    static Path harnessDirectory(Path moduleTarget) {
        return moduleTarget.resolve("cds").resolve("harness");
    }

    Path jar() {
        return jar;
    }

    /** The JVM options of a start that uses the archive. */
    List<String> useOptions() {
        return List.of("-XX:SharedArchiveFile=" + archive);
    }

    /** The JVM options of a start that dumps an archive into {@code dump} at exit (see {@link #adopt}). */
    List<String> dumpOptions(Path dump) {
        return List.of("-XX:ArchiveClassesAtExit=" + dump);
    }

    /**
     * Where a start that finds no fresh archive dumps its own: a file named after this process,
     * which adopts it. Deletes the dumps of processes that are gone first: nobody adopts them.
     */
    Path newDump() {
        try {
            Files.createDirectories(archive.getParent());
            deleteDumpsOfEndedProcesses();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return archive.resolveSibling(
                archive.getFileName() + "." + ProcessHandle.current().pid() + "." + DUMPS.incrementAndGet() + ".tmp");
    }

    private void deleteDumpsOfEndedProcesses() throws IOException {
        Pattern dump = Pattern.compile(Pattern.quote(archive.getFileName().toString()) + "\\.(\\d+)\\..*tmp");
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path file : files.toList()) {
                Matcher name = dump.matcher(file.getFileName().toString());
                if (name.matches()
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** After the process ended: its dump becomes the archive if it exited cleanly, else it is deleted. */
    void adopt(Path dump, int exitStatus) {
        try {
            if (exitStatus == 0 && Files.isRegularFile(dump) && Files.size(dump) > 0) {
                Files.move(dump, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the class-data archive " + dump, e);
        }
    }

    /** {@link #adopt} once {@code process}, which dumps into {@code dump}, has exited; done when adopted or deleted. */
    CompletableFuture<Void> adoptWhenExited(Process process, Path dump, String module) {
        return process.onExit()
                .thenAccept(exited -> adopt(dump, exited.exitValue()))
                .exceptionally(error -> {
                    System.err.println(
                            module + ": " + error.getMessage() + " (the next start runs without an archive)");
                    return null;
                });
    }

    boolean isFresh() {
        return Files.isRegularFile(archive) && modified(archive).compareTo(modified(jar)) >= 0;
    }

    /** {@code <module>-<version>.jar}, as {@code mvn package} names it. */
    private static Optional<Path> jarOf(Path moduleTarget, String module) {
        try (Stream<Path> files = Files.list(moduleTarget)) {
            return files.filter(path -> path.getFileName().toString().matches(Pattern.quote(module) + "-[^-].*\\.jar"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime newestClass(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(Files::isRegularFile)
                    .map(ClassDataArchive::modified)
                    .max(FileTime::compareTo)
                    .orElse(FileTime.fromMillis(0));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
