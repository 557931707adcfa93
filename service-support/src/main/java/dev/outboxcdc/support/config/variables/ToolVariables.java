package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** What the tests, the benchmark, the chaos suite and the scripts read: the project's tools, not its services. */
public final class ToolVariables {
    public static final Setting<String> DB_ADMIN_USER = Setting.text("DB_ADMIN_USER", "outbox_admin")
            .readBy(Component.TOOLS)
            .withDoc("the tests', the load test's and the benchmark's own database user (`init.sql` creates it"
                    + " for them only): they create scratch databases and read every table");

    public static final Setting<String> DB_ADMIN_PASSWORD = Setting.secret("DB_ADMIN_PASSWORD", "admin-secret")
            .readBy(Component.TOOLS)
            .withDoc("`DB_ADMIN_USER`'s password");

    public static final Setting<Integer> BENCH_REPEAT = Setting.integer("BENCH_REPEAT", 3, 1, 20)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: how many runs of every stage, alternating");

    public static final Setting<Integer> BENCH_CONCURRENCY = Setting.integer("BENCH_CONCURRENCY", 16, 1, 1024)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: the closed-loop stages' concurrent requests");

    public static final Setting<Duration> BENCH_WARMUP_SECONDS = Setting.duration(
                    "BENCH_WARMUP_SECONDS", ChronoUnit.SECONDS, 10, 0, 600)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: the shortest warm-up of a stage");

    public static final Setting<Duration> BENCH_WARMUP_MAX_SECONDS = Setting.duration(
                    "BENCH_WARMUP_MAX_SECONDS", ChronoUnit.SECONDS, 180, 0, 3600)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: the longest warm-up of a stage, waiting for a steady CPU per event");

    public static final Setting<Duration> BENCH_MEASURE_SECONDS = Setting.duration(
                    "BENCH_MEASURE_SECONDS", ChronoUnit.SECONDS, 30, 5, 3600)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: how long a stage is measured");

    public static final Setting<Duration> BENCH_IDLE_SECONDS = Setting.duration(
                    "BENCH_IDLE_SECONDS", ChronoUnit.SECONDS, 10, 1, 600)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: how long the idle stage is measured");

    public static final Setting<Integer> BENCH_CATCHUP_ROWS = Setting.integer(
                    "BENCH_CATCHUP_ROWS", 200_000, 1_000, 10_000_000)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: the backlog the catch-up stage drains");

    public static final Setting<Integer> BENCH_UPDATE_PERCENT = Setting.integer("BENCH_UPDATE_PERCENT", 50, 1, 95)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: the share of updates in the mixed stage");

    public static final Setting<String> BENCH_VARIANT_STAGE = Setting.oneOf(
                    "BENCH_VARIANT_STAGE", "sustained", "sustained", "updates")
            .readBy(Component.TOOLS)
            .withDoc("`make bench-variants`: the stage it compares the variants on: CDC sustained, or with updates");

    public static final Setting<Integer> BENCH_DB_MILLICORES = Setting.integer("BENCH_DB_MILLICORES", 500, 50, 64_000)
            .readBy(Component.TOOLS)
            .withDoc("`make bench`: the CPU the database-bound stage gives the database (thousandths of a " + "core)");

    public static final Setting<String> TLS = Setting.oneOf("TLS", "0", "0", "1")
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("`1`: every link with TLS (`make infras`, `make run`, `make chaos`, the tests' TLS runs):"
                    + " the database refuses plaintext, the broker is the TLS-only node on 5671 "
                    + "([OPERATIONS](OPERATIONS.md#tls))");

    public static final Setting<Integer> BROKER_NODES = Setting.integer("BROKER_NODES", 1, 1, 9)
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("RabbitMQ nodes `make infras`, `make test` and `make chaos` run: `3` starts a cluster of "
                    + "the project's own");

    public static final Setting<String> JAVA_OPTS = Setting.optionalText("JAVA_OPTS")
            .readBy(Component.SCRIPTS)
            .withDoc("JVM flags of the three services; the files are shared with the tests, `make bench` and "
                    + "the Docker image")
            .withDefaultText("`@service-jvm.options @<module>/jvm.options`");

    public static final Setting<Integer> OUTBOX_INFRA_DB_PORT = Setting.integer("OUTBOX_INFRA_DB_PORT", 3307, 1, 65_535)
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("the port of the database instance `scripts/infras.sh` manages (`make test`, `bench`, "
                    + "`chaos`: `TEST_DB_PORT`); a port taken by another process stops it with one line naming "
                    + "the port, the process holding it and the variable to set");

    public static final Setting<String> OUTBOX_INFRA_DB_PORT_SETTING = Setting.text(
                    "OUTBOX_INFRA_DB_PORT_SETTING", "OUTBOX_INFRA_DB_PORT")
            .readBy(Component.SCRIPTS)
            .withDoc("the variable `scripts/infras.sh` names when the database port is taken (`make test`:"
                    + " `TEST_DB_PORT`, the one its user sets)");

    public static final Setting<String> OUTBOX_INFRA_STATE = Setting.text("OUTBOX_INFRA_STATE", ".infra")
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("the state directory of that instance (`make test`: `.infra/test`)");

    public static final Setting<String> OUTBOX_INFRA_PROJECT = Setting.text("OUTBOX_INFRA_PROJECT", "outbox-cdc")
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("the compose project of that instance, with Docker (`make test`: `outbox-cdc-test`)");

    public static final Setting<Integer> OUTBOX_INFRA_AMQP_PORT = Setting.integer(
                    "OUTBOX_INFRA_AMQP_PORT", 5672, 1, 65_535)
            .readBy(Component.SCRIPTS)
            .withDoc("RabbitMQ's port: the broker it starts (or the compose one) listens there; a broker "
                    + "already answering there is used as it is");

    public static final Setting<Integer> OUTBOX_INFRA_BROKER_PORT = Setting.integer(
                    "OUTBOX_INFRA_BROKER_PORT", 5681, 1, 65_535)
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("the first port of the cluster's nodes (`BROKER_NODES=3`: 5681, 5682, 5683)");

    public static final Setting<String> OUTBOX_INFRA_TLS_BROKER = Setting.oneOf(
                    "OUTBOX_INFRA_TLS_BROKER", "0", "0", "1")
            .readBy(Component.SCRIPTS)
            .withDoc("`1`: start the TLS-only broker node without requiring TLS of the database (`make test`)");

    public static final Setting<Integer> OUTBOX_INFRA_TLS_BROKER_PORT = Setting.integer(
                    "OUTBOX_INFRA_TLS_BROKER_PORT", 5671, 1, 65_535)
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("the TLS-only broker node's port");

    public static final Setting<Integer> OUTBOX_INFRA_REPLICA_PORT = Setting.integer(
                    "OUTBOX_INFRA_REPLICA_PORT", 3317, 1, 65_535)
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("`REPLICA=1`: the port of the GTID replica `make infras` starts")
            .withoutDefault("`OUTBOX_INFRA_DB_PORT` + 10");

    public static final Setting<Integer> TEST_DB_PORT = Setting.integer("TEST_DB_PORT", 3308, 1, 65_535)
            .readBy(Component.SCRIPTS)
            .withDoc("the port of the tests' own database instance (`make test TEST_DB_PORT=3408` where 3308 "
                    + "is taken)");

    public static final Setting<String> CHROMIUM = Setting.optionalText("CHROMIUM")
            .readBy(Component.TOOLS, Component.SCRIPTS)
            .withDoc("the Chromium to drive: a path or a name on the PATH; unset: an installed `chromium`, "
                    + "`chromium-browser` or `google-chrome`, else the npm package `@sparticuz/chromium`")
            .withDefaultText("(an installed Chromium, else the npm package)");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(
            DB_ADMIN_USER,
            DB_ADMIN_PASSWORD,
            BENCH_REPEAT,
            BENCH_CONCURRENCY,
            BENCH_WARMUP_SECONDS,
            BENCH_WARMUP_MAX_SECONDS,
            BENCH_MEASURE_SECONDS,
            BENCH_IDLE_SECONDS,
            BENCH_CATCHUP_ROWS,
            BENCH_UPDATE_PERCENT,
            BENCH_DB_MILLICORES,
            BENCH_VARIANT_STAGE,
            TLS,
            BROKER_NODES,
            JAVA_OPTS,
            OUTBOX_INFRA_DB_PORT,
            OUTBOX_INFRA_DB_PORT_SETTING,
            OUTBOX_INFRA_STATE,
            OUTBOX_INFRA_PROJECT,
            OUTBOX_INFRA_AMQP_PORT,
            OUTBOX_INFRA_BROKER_PORT,
            OUTBOX_INFRA_TLS_BROKER,
            OUTBOX_INFRA_TLS_BROKER_PORT,
            OUTBOX_INFRA_REPLICA_PORT,
            TEST_DB_PORT,
            CHROMIUM);

    private ToolVariables() {}
}
