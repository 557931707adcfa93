package dev.outboxcdc.harness;

import dev.outboxcdc.support.lifecycle.StartupTime;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code Main} in a JVM of its own, started from the test's classpath, so that tests
 * can send it real signals: SIGTERM ({@link #terminate(Duration)}) and SIGKILL ({@link #kill()}).
 * Its output goes to a log file under {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+/metrics)");
    private static final int LOG_TAIL_LINES = 40;
    /** Every service process of this JVM that still runs: stopped when this JVM exits (see {@link #stopAllAtExit}). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopAllAtExit, "service-process-cleanup"));
    }

    private final Process process;
    private final Path log;
    private final Instant launched = Instant.now();
    /** For a start that dumps a class-data archive at exit: done once that dump was adopted or deleted. */
    private Optional<CompletableFuture<Void>> archiving = Optional.empty();

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Whether this start found no fresh class-data archive and dumps one when it exits: a clean stop
     * ({@link #terminate}) of it leaves the archive for the next start.
     */
    public boolean dumpsClassData() {
        return archiving.isPresent();
    }

    /** The log's name, e.g. {@code chaos-relay-3}. */
    public String name() {
        String file = log.getFileName().toString();
        return file.endsWith(".log") ? file.substring(0, file.length() - ".log".length()) : file;
    }

    /** When this process was launched (its JVM started a moment later). */
    public Instant launched() {
        return launched;
    }

    /** The time from its JVM's start until it was ready, as the service logged it; empty until then. */
    public Optional<Duration> readyAfterJvmStart() throws IOException {
        return StartupTime.readyTimeIn(output());
    }

    public static ServiceProcess start(String mainClass, Map<String, String> environment, String logName)
            throws IOException {
        return start(System.getProperty("java.class.path"), List.of(), mainClass, environment, logName);
    }

    /**
     * Starts a service the way {@code make run} does: from its module's jar (or {@code target/classes}
     * when the module was compiled but not packaged) and {@code target/lib}, with the shared
     * {@code service-jvm.options}, then the module's own {@code jvm.options}, and the module's
     * class-data-sharing archive ({@link ClassDataArchive}); the reactor has built them when a later
     * module's tests run.
     */
    public static ServiceProcess startModule(
            String module, String mainClass, Map<String, String> environment, String logName) throws IOException {
        Path moduleTarget = ProjectRoot.find().resolve(module).resolve("target");
        return startModule(module, mainClass, environment, logName, ClassDataArchive.harnessDirectory(moduleTarget));
    }

    /**
     * {@link #startModule(String, String, Map, String)} with the class-data archive kept in
     * {@code archiveDirectory}: for a test of the archives themselves, which must not touch those
     * the other tests' starts share.
     */
    public static ServiceProcess startModule(
            String module, String mainClass, Map<String, String> environment, String logName, Path archiveDirectory)
            throws IOException {
        Path moduleDir = ProjectRoot.find().resolve(module).resolve("target");
        String libraries = moduleDir.resolve("lib") + File.separator + "*";
        // the module's own JVM options, after the shared ones
        List<String> options =
                new ArrayList<>(List.of("@" + ProjectRoot.find().resolve(module).resolve("jvm.options")));
        Optional<ClassDataArchive> archive = ClassDataArchive.forModule(moduleDir, module, archiveDirectory);
        if (archive.isEmpty()) {
            return start(
                    moduleDir.resolve("classes") + File.pathSeparator + libraries,
                    options,
                    mainClass,
                    environment,
                    logName);
        }
        String classpath = archive.get().jar() + File.pathSeparator + libraries;
        if (archive.get().isFresh()) {
            options.addAll(archive.get().useOptions());
            return start(classpath, options, mainClass, environment, logName);
        }
        Path dump = archive.get().newDump();
        options.addAll(archive.get().dumpOptions(dump));
        ServiceProcess service = start(classpath, options, mainClass, environment, logName);
        service.archiving = Optional.of(archive.get().adoptWhenExited(service.process, dump, module));
        return service;
    }

    private static ServiceProcess start(
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            Map<String, String> environment,
            String logName)
            throws IOException {
        Path log = Path.of("target", "service-logs", logName + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ProjectRoot.find().resolve("service-jvm.options")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        RUNNING.add(process);
        var unused = process.onExit().thenRun(() -> RUNNING.remove(process));
        return new ServiceProcess(process, log);
    }

    /**
     * A test run that ends early (Ctrl-C, SIGTERM to Maven, which makes its forked test JVM exit, or
     * a test that never reached its clean-up) must not leave services running against the shared
     * broker and database: SIGTERM to each, then SIGKILL to any still running 10 s later.
     */
    private static void stopAllAtExit() {
        List<Process> running = List.copyOf(RUNNING);
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process process : running) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /** Resident set size now, from /proc (Linux), in MiB; 0 where /proc is not available. */
    public long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the exit (and for its class-data archive to be kept); returns the exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process did not exit within " + timeout + " after SIGTERM; log: " + log);
        }
        archiving.ifPresent(CompletableFuture::join);
        return process.exitValue();
    }

    /** SIGTERM, and fails with the end of its log unless the process stops cleanly (exit status 0). */
    public void stopCleanly(Duration timeout) throws InterruptedException, IOException {
        int status = terminate(timeout);
        if (status != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError(name() + " exited with status " + status + " after SIGTERM, not 0; the end of "
                    + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
        }
    }

    /** SIGKILL: no shutdown code runs, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Asks a running JVM for a thread dump (SIGQUIT), which it prints to its own output, the log:
     * what a test that timed out waiting for this process records of where it was stuck.
     */
    public void dumpThreads() throws IOException, InterruptedException {
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + timeout + "; log: " + log);
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** The {@code /metrics} address a relay or worker logged at start-up (its admin port may be any free one). */
    public Optional<URI> metricsUrl() throws IOException {
        Matcher url = METRICS_URL.matcher(output());
        return url.find() ? Optional.of(URI.create(url.group(1))) : Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
