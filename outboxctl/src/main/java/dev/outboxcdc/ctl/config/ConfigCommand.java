package dev.outboxcdc.ctl.config;

import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.Setting;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import dev.outboxcdc.support.config.variables.Variables;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outboxctl config <service>}: the settings a service would start with in this environment,
 * from the same catalogue the services read, secrets masked; a value it would refuse is marked with
 * the line it would stop with, and variables no setting names are listed as the service would warn
 * about them. Connects to nothing. Exit status 0, or 2 when the service would not start.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "The settings a service would start with in this environment (secrets masked), and the values it"
                    + " would refuse. Connects to nothing.",
            "SERVICE: api, relay, worker, console (outboxctl serve) or outboxctl."
        })
public final class ConfigCommand implements Callable<Integer> {
    static final String MASK = "********";

    /** Whom the settings are for, as the command line names them. */
    enum Service {
        API(Component.API),
        RELAY(Component.RELAY),
        WORKER(Component.WORKER),
        CONSOLE(Component.CONSOLE),
        OUTBOXCTL(Component.OUTBOXCTL);

        final Component component;

        Service(Component component) {
            this.component = component;
        }
    }

    @ParentCommand
    OutboxCtl root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "api, relay, worker, console or outboxctl")
    Service service;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> refused = print(root.env(), service.component, out);
        out.flush();
        return refused.isEmpty() ? 0 : 2;
    }

    /** Prints the table; returns the lines of the values the service would refuse. */
    static List<String> print(Env env, Component component, PrintWriter out) {
        List<Setting<?>> settings = Variables.readBy(component);
        String row =
                "%-" + settings.stream().mapToInt(s -> s.name().length()).max().orElse(0) + "s  %-8s %s%n";
        out.println("# " + component.label() + ": " + settings.size()
                + " settings (docs/CONFIGURATION.md), as this environment sets them; secrets masked");
        List<String> refused = new ArrayList<>();
        for (Setting<?> setting : settings) {
            String source;
            String value;
            try {
                boolean set = env.find(setting).isPresent();
                if (set) {
                    source = "set";
                    value = setting.secret() ? MASK : env.raw(setting).orElseThrow();
                } else if (setting.secret() && !env.developmentDefaults()) {
                    source = "unset";
                    value = "(no default outside OUTBOX_ENV=dev: the service stops if it needs it)";
                } else {
                    source = "default";
                    value = setting == DatabaseVariables.DB_USER
                            ? component.databaseUser().orElse(setting.defaultText())
                            : setting.defaultText();
                }
            } catch (ConfigException e) {
                source = "REFUSED";
                value = e.getMessage();
                refused.add(e.getMessage());
            }
            out.printf(Locale.ROOT, row, setting.name(), source, value);
        }
        Variables.unknown(env).forEach(warning -> out.println("warning: " + warning));
        return refused;
    }
}
