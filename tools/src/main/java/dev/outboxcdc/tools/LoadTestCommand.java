package dev.outboxcdc.tools;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.DurationText;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ToolVariables;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.report.ReportWriter;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code make loadtest ARGS="..."}: the command line of the load test. */
@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Drives POST /customers (and with --update-ratio PATCH /customers/{id}) against a running stack",
            "(make run), waits for the pipeline to drain, then verifies in the database that every customer's event",
            "was handled exactly once and that the worker's read model took every update, in order.",
            "Database for the verification: DB_HOST, DB_PORT, DB_ADMIN_USER, DB_ADMIN_PASSWORD (defaults: make run's).",
            "Exit status: 0 if nothing was lost and no effect was duplicated, 1 otherwise."
        })
public final class LoadTestCommand implements Callable<Integer> {
    @Option(
            names = "--url",
            defaultValue = "http://localhost:3000",
            description = "Base URL of the api (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description =
                    "Open loop at this many requests/s; 0 = closed loop at full speed (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "Closed loop: virtual users; open loop: max requests in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            description = "How long to send, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--requests",
            defaultValue = "0",
            description = "Stop after this many requests; 0 = only --duration limits (default: ${DEFAULT-VALUE})")
    long requests;

    @Option(
            names = "--update-ratio",
            defaultValue = "0",
            description =
                    "Share of requests that PATCH a random customer of this run, 0 to 0.95 (default: ${DEFAULT-VALUE})")
    double updateRatio;

    @Option(
            names = "--drain-timeout",
            defaultValue = "60s",
            description = "Max wait for the pipeline to drain after the load (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(
            names = "--consumer",
            defaultValue = Subscription.DEFAULT_QUEUE,
            description = "The worker's consumer name, for its duplicate counter (default: ${DEFAULT-VALUE})")
    String consumer;

    @Option(
            names = "--report-dir",
            defaultValue = "target/loadtest",
            description = "report.json and report.html go to <dir>/<timestamp>/ (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Spec
    CommandSpec spec;

    /** The command line, reading durations as every CLI of the project does ({@link DurationText}). */
    public static CommandLine commandLine() {
        return new CommandLine(new LoadTestCommand()).registerConverter(Duration.class, DurationText::parse);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!(updateRatio >= 0 && updateRatio <= LoadOptions.MAX_UPDATE_RATIO)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--update-ratio must be between 0 and " + LoadOptions.MAX_UPDATE_RATIO + ", was " + updateRatio);
        }
        Env env = Env.system();
        DatabaseSettings admin = DatabaseSettings.fromEnv(
                env, env.get(ToolVariables.DB_ADMIN_USER), env.get(ToolVariables.DB_ADMIN_PASSWORD));
        String runId = "lt" + UUID.randomUUID().toString().substring(0, 8);
        try (HikariDataSource pool =
                ConnectionPools.open(admin, admin.resolveFlavor(), "loadtest", 2, Duration.ofSeconds(60))) {
            PipelineVerifier verifier = new PipelineVerifier(Jdbi.create(pool), admin.database(), consumer);
            LoadOptions options = new LoadOptions(url, rate, concurrency, duration, requests, runId, updateRatio);
            Report report = new LoadTest(verifier, System.out).run(options, drainTimeout);
            Path directory = reportDir.resolve(
                    LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            ReportWriter.write(report, directory);
            System.out.println("report: " + directory.resolve("report.html").toAbsolutePath());
            return report.passed() ? 0 : 1;
        }
    }
}
