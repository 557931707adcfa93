package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.Setting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The catalogue: every environment variable the project reads, grouped as docs/CONFIGURATION.md
 * lists them. The one place a new setting is added; a test fails when a name appears twice.
 */
public final class Variables {
    /** The groups, each with its title on the page, in the page's order. */
    static final Map<String, List<Setting<?>>> GROUPS = groups();

    /** The prefixes of the project's own variables: a variable with one the catalogue does not name is warned about. */
    static final List<String> PREFIXES =
            List.of("DB_", "AMQP_", "API_", "RELAY_", "WORKER_", "CONSOLE_", "OUTBOX_", "EVENTS_", "EVENT_", "BENCH_");

    private Variables() {}

    private static Map<String, List<Setting<?>>> groups() {
        Map<String, List<Setting<?>>> groups = new LinkedHashMap<>();
        groups.put("Database", DatabaseVariables.ALL);
        groups.put("Broker and event topology", BrokerVariables.ALL);
        groups.put("Every service", concat(List.of(Env.OUTBOX_ENV), ServiceVariables.ALL));
        groups.put("api", ApiVariables.ALL);
        groups.put("relay", RelayVariables.ALL);
        groups.put("worker", WorkerVariables.ALL);
        groups.put("outboxctl and its console", ConsoleVariables.ALL);
        groups.put("Tools: make, scripts, tests, benchmark", ToolVariables.ALL);
        return groups;
    }

    /** Every setting, in the page's order. */
    public static List<Setting<?>> all() {
        return GROUPS.values().stream().flatMap(List::stream).toList();
    }

    /** The settings {@code component} reads, in the page's order. */
    public static List<Setting<?>> readBy(Component component) {
        return all().stream()
                .filter(setting -> setting.readBy().contains(component))
                .toList();
    }

    /** The setting of that name, a former name and a secret's {@code <name>_FILE} included. */
    public static Optional<Setting<?>> named(String name) {
        return all().stream()
                .filter(setting -> setting.name().equals(name)
                        || setting.formerNames().contains(name)
                        || (setting.secret() && name.equals(setting.name() + "_FILE")))
                .findFirst();
    }

    /**
     * One warning per variable set in {@code env} with one of the project's prefixes that no setting
     * names (a typo: {@code RELAY_BATCH_SIZ}), with the nearest known name; a service logs them at
     * start and goes on: an unknown variable never stops it.
     */
    public static List<String> unknown(Env env) {
        List<String> warnings = new ArrayList<>();
        env.names().stream().sorted().forEach(name -> {
            if (PREFIXES.stream().anyMatch(name::startsWith) && named(name).isEmpty()) {
                warnings.add("Unknown variable " + name + " (ignored)"
                        + nearest(name)
                                .map(known -> ": did you mean " + known + "?")
                                .orElse(": docs/CONFIGURATION.md lists the project's variables"));
            }
        });
        return warnings;
    }

    /** The known name fewest edits away, if it is close enough to be a typo of it (a third of its length). */
    static Optional<String> nearest(String name) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return all().stream()
                .map(Setting::name)
                .min(Comparator.comparingInt(known -> distance.apply(name, known)))
                .filter(known -> distance.apply(name, known) <= Math.max(2, known.length() / 3));
    }

    private static List<Setting<?>> concat(List<Setting<?>> first, List<Setting<?>> rest) {
        return Stream.concat(first.stream(), rest.stream()).toList();
    }
}
