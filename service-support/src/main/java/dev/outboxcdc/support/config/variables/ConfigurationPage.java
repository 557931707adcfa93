package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * docs/CONFIGURATION.md, generated from the catalogue ({@link Variables}) on every build, as
 * docs/EVENTS.md is from the schemas: {@code write} (make build) rewrites it; {@code check} (make
 * test) fails when the page in the checkout is not what the catalogue says, so a changed setting
 * cannot land without its page.
 */
public final class ConfigurationPage {
    private static final String INTRO = """
            # Configuration

            <!-- Generated from the settings catalogue (service-support, dev.outboxcdc.support.config.variables)
                 by `make build`; edit the catalogue, not this page. `make test` fails when it is stale. -->

            Every service reads environment variables, validated at start-up: a value of the wrong type
            or out of bounds stops the service with one line naming the variable, the value and what is
            allowed. A variable with one of the project's prefixes (%s) that is
            not listed here is warned about at start, with the nearest known name (`RELAY_BATCH_SIZ`: did
            you mean `RELAY_BATCH_SIZE`?); it never stops a service. `outboxctl config <service>` prints
            what a service would run with in the current environment, secrets masked.

            The defaults are what `make run` needs. **The passwords are local-development values, used only
            with `OUTBOX_ENV=dev`** (which `make`, `scripts/run-services.sh`, docker-compose and the tests
            set). Without it, a service whose secret is unset stops with a line naming it. A secret
            (marked below) can also be read from a file: `<NAME>_FILE` (Docker and Kubernetes secrets;
            set one of the two, not both). Set your own secrets anywhere else (and in
            `mysql-config/init.sql`).

            OpenTelemetry's own variables (`OTEL_*`) are read by its SDK: nothing is exported unless they
            say so, e.g. `OTEL_TRACES_EXPORTER=otlp` with `OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318`;
            `OTEL_SERVICE_NAME` defaults to `outbox-cdc-api` / `-relay` / `-worker`.
            """;

    private ConfigurationPage() {}

    /** {@code ConfigurationPage write|check <file>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("write", "check").contains(args[0])) {
            throw new IllegalArgumentException("usage: ConfigurationPage write|check <markdown file>");
        }
        Path file = Path.of(args[1]);
        String page = render();
        String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (current.equals(page)) {
            return;
        }
        if (args[0].equals("check")) {
            throw new IllegalStateException(file + " is not what the settings catalogue says: run `make build`"
                    + " and commit the page it writes");
        }
        Files.writeString(file, page, StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    /** The page. */
    static String render() {
        StringBuilder page = new StringBuilder(INTRO.formatted(
                Variables.PREFIXES.stream().map(prefix -> "`" + prefix + "`").collect(Collectors.joining(", "))));
        for (Map.Entry<String, List<Setting<?>>> group : Variables.GROUPS.entrySet()) {
            page.append("\n## ").append(group.getKey()).append("\n\n");
            page.append("| variable | default | read by | allowed | meaning |\n|---|---|---|---|---|\n");
            for (Setting<?> setting : group.getValue()) {
                page.append("| `")
                        .append(setting.name())
                        .append('`')
                        .append(setting.secret() ? " (secret)" : "")
                        .append(" | ")
                        .append(shownDefault(setting))
                        .append(" | ")
                        .append(setting.readBy().stream().map(Component::label).collect(Collectors.joining(", ")))
                        .append(" | ")
                        .append(cell(setting.allowed()))
                        .append(" | ")
                        .append(cell(setting.doc() + formerly(setting)))
                        .append(" |\n");
            }
        }
        return page.toString();
    }

    private static String formerly(Setting<?> setting) {
        if (setting.formerNames().isEmpty()) {
            return "";
        }
        return " (formerly "
                + setting.formerNames().stream().map(name -> "`" + name + "`").collect(Collectors.joining(" and "))
                + ": still read, with a warning, for one release; set to another value than `" + setting.name()
                + "`, the service stops)";
    }

    private static String shownDefault(Setting<?> setting) {
        String text = setting.defaultText();
        if (text.isEmpty()) {
            return "(none)";
        }
        return text.startsWith("`") || text.startsWith("(") || text.contains(" ") ? text : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
