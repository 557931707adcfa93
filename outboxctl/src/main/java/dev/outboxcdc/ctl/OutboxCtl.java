package dev.outboxcdc.ctl;

import dev.outboxcdc.ctl.audit.AuditCommand;
import dev.outboxcdc.ctl.config.ConfigCommand;
import dev.outboxcdc.ctl.console.ConsoleCommand;
import dev.outboxcdc.ctl.console.HashPasswordCommand;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.ctl.parked.ParkedCommand;
import dev.outboxcdc.ctl.republish.RepublishCommand;
import dev.outboxcdc.ctl.status.StatusCommand;
import dev.outboxcdc.ctl.unrouted.UnroutedCommand;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.DurationText;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ConsoleVariables;
import dev.outboxcdc.support.config.variables.Variables;
import dev.outboxcdc.support.errors.ErrorMessages;
import java.io.PrintWriter;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code outboxctl} ({@code bin/outboxctl}, {@code make ctl ARGS=...}): the operator's tool for
 * what goes wrong after an event was written, against the real database and broker. Exit status:
 * 0 done, 1 not (all) done or a server unreachable, 2 bad arguments.
 */
@Command(
        name = "outboxctl",
        mixinStandardHelpOptions = true,
        subcommands = {
            StatusCommand.class,
            ParkedCommand.class,
            UnroutedCommand.class,
            RepublishCommand.class,
            AuditCommand.class,
            ConfigCommand.class,
            ConsoleCommand.class,
            HashPasswordCommand.class
        },
        description = {
            "Operates an outbox-cdc deployment: relay status, parked and unrouted messages, re-publishing.",
            "Reads the settings the services do (`outboxctl config outboxctl` lists them, docs/CONFIGURATION.md"
                    + " explains them); OUTBOX_OPERATOR names you in the audit log (default: your login)."
        })
public final class OutboxCtl {
    /** Who runs outboxctl, as its audit entries name them: {@code OUTBOX_OPERATOR}, else the OS user. */
    public static final String OPERATOR_VARIABLE = ConsoleVariables.OUTBOX_OPERATOR.name();

    private final Env env;
    private @Nullable CtlConfig config;

    public OutboxCtl(Env env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Env.system()).execute(args));
    }

    /** The command line, printing a failure as one line (no stack trace) with exit status 1. */
    public static CommandLine commandLine(Env env) {
        CommandLine commandLine = new CommandLine(new OutboxCtl(env));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true); // outboxctl config relay
        commandLine.registerConverter(Duration.class, DurationText::parse);
        commandLine.setExecutionExceptionHandler((error, command, parsed) -> {
            PrintWriter err = command.getErr();
            err.println("outboxctl " + String.join(" ", parsed.originalArgs()) + ": failed: " + describe(error));
            err.flush();
            return 1;
        });
        return commandLine;
    }

    /** The environment outboxctl was started with. */
    public Env env() {
        return env;
    }

    /** The settings, read (and validated) on first use: `--help` works without any. */
    public CtlConfig config() {
        if (config == null) {
            Variables.unknown(env).forEach(warning -> System.err.println("outboxctl: " + warning));
            config = CtlConfig.fromEnv(env);
        }
        return config;
    }

    /** The consumers' dedup window, from {@code WORKER_RETENTION_HOURS} as the worker and relay read it. */
    public ReplayGuard replayGuard() {
        return ReplayGuard.fromEnv(env);
    }

    /** The operator's name for the audit log. */
    public static String operator() {
        return Env.system().find(ConsoleVariables.OUTBOX_OPERATOR).orElseGet(() -> System.getProperty("user.name"));
    }

    private static String describe(Throwable error) {
        if (error instanceof ConfigException) {
            return ErrorMessages.of(error);
        }
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        if (error instanceof java.net.ConnectException || message.toString().contains("Connection refused")) {
            message.append(" (is the server running, and DB_HOST/DB_PORT/AMQP_URI right?)");
        }
        return message.toString();
    }
}
