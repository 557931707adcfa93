package dev.outboxcdc.tools.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ToolVariables;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code make bench-variants}: the CDC pipeline's sustained stage (closed loop, verified, cost per
 * event) under several settings, one variant after the other for {@code BENCH_REPEAT} rounds in one
 * invocation, so that a change is judged by a ratio measured side by side on the same machine.
 *
 * <p>Each argument is {@code name=VAR:value;VAR:value}, the environment given to the variant's api,
 * relay and worker ({@code _JAVA_OPTIONS} reaches their JVMs and overrides service-jvm.options);
 * {@code name=} runs the defaults.
 * The first variant is the reference of the ratios.
 */
public final class VariantComparison {
    /** {@code sustained} (default): the creates-only stage; {@code updates}: then the stage with updates too. */
    static final String STAGE_VARIABLE = ToolVariables.BENCH_VARIANT_STAGE.name();

    private VariantComparison() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            Map<String, Map<String, String>> variants = parse(args);
            BenchSettings settings = BenchSettings.fromEnv(Env.system());
            BenchPreflight.check(Duration.ofSeconds(3));
            System.out.println(compare(variants, settings));
        } catch (Exception e) {
            System.err.println("bench-variants FAILED, no results: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    static Map<String, Map<String, String>> parse(String[] args) {
        if (args.length == 0) {
            throw new ConfigException(
                    "no variant given: make bench-variants ARGS='c1= c2=_JAVA_OPTIONS:-XX:TieredStopAtLevel=4'");
        }
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new ConfigException("variant '" + arg + "' has no name: expected name=VAR:value;VAR:value");
            }
            Map<String, String> environment = new HashMap<>();
            String assignments = arg.substring(equals + 1);
            for (String assignment : assignments.isEmpty() ? new String[0] : assignments.split(";")) {
                int colon = assignment.indexOf(':');
                if (colon < 1) {
                    throw new ConfigException("variant '" + arg + "': '" + assignment + "' is not VAR:value");
                }
                environment.put(assignment.substring(0, colon), assignment.substring(colon + 1));
            }
            variants.put(arg.substring(0, equals), environment);
        }
        return variants;
    }

    private static String compare(Map<String, Map<String, String>> variants, BenchSettings settings) throws Exception {
        DatabaseSettings adminSettings = TestEnvironment.get().admin();
        DatabaseFlavor flavor = adminSettings.resolveFlavor();
        boolean updates = Env.system().get(ToolVariables.BENCH_VARIANT_STAGE).equals("updates");
        Map<String, List<ModeMeasurement.Result>> results = new LinkedHashMap<>();
        Map<String, List<ModeMeasurement.WithUpdates>> withUpdates = new LinkedHashMap<>();
        variants.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        variants.keySet().forEach(name -> withUpdates.put(name, new ArrayList<>()));
        try (HikariDataSource pool = ConnectionPools.open(
                adminSettings, flavor, "bench-variants", settings.concurrency() + 4, Duration.ofMinutes(2))) {
            Jdbi admin = Jdbi.create(pool);
            Progress progress = new Progress(System.out, Duration.ZERO);
            ModeMeasurement measurement = new ModeMeasurement(
                    admin,
                    RelayDatabaseLoad.of(admin, flavor),
                    settings,
                    new Progress(new PrintStream(OutputStream.nullOutputStream()), Duration.ZERO));
            for (int round = 1; round <= settings.repeat(); round++) {
                for (var variant : variants.entrySet()) {
                    progress.stage(
                            "round " + round + "/" + settings.repeat() + ": " + variant.getKey() + " "
                                    + variant.getValue(),
                            Duration.ZERO);
                    try (ServiceStack stack = new ServiceStack("variant", variant.getValue()).start()) {
                        // With updates: the sustained stage first, which also warms the services up.
                        results.computeIfAbsent(variant.getKey(), key -> new ArrayList<>())
                                .add(measurement.sustainedOnly(variant.getKey(), stack));
                        if (updates) {
                            withUpdates
                                    .computeIfAbsent(variant.getKey(), key -> new ArrayList<>())
                                    .add(measurement.withUpdates(variant.getKey(), stack));
                        }
                    }
                }
            }
        }
        String table = BenchTable.renderVariants(settings, results);
        return updates ? table + "\n" + BenchTable.renderUpdateVariants(settings, withUpdates) : table;
    }
}
