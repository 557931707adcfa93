package dev.outboxcdc.testsupport;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code Main} in a JVM of its own, started from the test's classpath, so that tests
 * can send it real signals: SIGTERM ({@link #terminate()}) and SIGKILL ({@link #kill()}).
 * Its output goes to a log file under {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+/metrics)");
    private final Process process;
    private final Path log;
    private final Instant launched = Instant.now();

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
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

    public static ServiceProcess start(String mainClass, Map<String, String> environment, String logName) throws IOException {
        return start(System.getProperty("java.class.path"), List.of(), mainClass, environment, logName);
    }

    /**
     * Starts a service the way {@code make run} does: from its module's jar (or {@code target/classes}
     * when the module was compiled but not packaged) and {@code target/lib}, with the module's
     * class-data-sharing archive ({@link ClassDataArchive}); the reactor has built them when a later
     * module's tests run.
     */
    public static ServiceProcess startModule(String module, String mainClass, Map<String, String> environment,
                                             String logName) throws IOException {
        Path moduleDir = ProjectRoot.find().resolve(module).resolve("target");
        String libraries = moduleDir.resolve("lib") + File.separator + "*";
        Optional<ClassDataArchive> archive = ClassDataArchive.forModule(moduleDir, module);
        if (archive.isEmpty()) {
            return start(moduleDir.resolve("classes") + File.pathSeparator + libraries, List.of(), mainClass, environment, logName);
        }
        Path dump = archive.get().newDump();
        ServiceProcess service = start(archive.get().jar() + File.pathSeparator + libraries, archive.get().jvmOptions(dump),
                mainClass, environment, logName);
        service.process.onExit().thenAccept(exited -> archive.get().adopt(dump, exited.exitValue()))
                .exceptionally(error -> {
                    System.err.println(module + ": " + error.getMessage() + " (the next start runs without an archive)");
                    return null;
                });
        return service;
    }

    private static ServiceProcess start(String classpath, List<String> jvmOptions, String mainClass,
                                        Map<String, String> environment, String logName) throws IOException {
        Path log = Path.of("target", "service-logs", logName + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ProjectRoot.find().resolve("service-jvm.options")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), log);
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

    /** SIGTERM, then waits for the exit; returns the exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process did not exit within " + timeout + " after SIGTERM; log: " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown code runs, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
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
