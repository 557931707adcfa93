package dev.outboxcdc.ctl.republish;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.ctl.audit.AuditLog;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl republish}: outbox rows published again through the relay's confirmed path ({@link Republisher}). */
@Command(
        name = "republish",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes outbox rows again, through the relay's confirmed path, e.g. after a consumer's bug was fixed.",
            "Consumers that still remember an event (the worker: WORKER_RETENTION_HOURS) skip it as a duplicate;",
            "only those that forgot it, or never had it, handle it. Refused, publishing nothing, if a selected row",
            "is older than that window, unless --force. Audited (outboxctl audit)."
        })
public final class RepublishCommand implements Callable<Integer> {
    @ParentCommand
    OutboxCtl root;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    @Option(names = "--type", paramLabel = "T", description = "With --from/--to: only rows of this event type")
    String type;

    @Option(names = "--dry-run", description = "Only count what would be published")
    boolean dryRun;

    @Option(names = "--force", description = "Publish rows older than the consumers' dedup window too")
    boolean force;

    /** Which rows: some ids, or a time range of created_at. */
    static final class Selection {
        @Option(
                names = "--id",
                arity = "1..*",
                paramLabel = "<outbox id>",
                description = "Outbox row ids (= message ids)")
        List<String> ids;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static final class Range {
        @Option(
                names = "--from",
                required = true,
                converter = InstantConverter.class,
                description = "Rows created at or after this UTC time, e.g. 2026-11-28T10:00:00Z")
        Instant from;

        @Option(
                names = "--to",
                required = true,
                converter = InstantConverter.class,
                description = "Rows created before this UTC time")
        Instant to;
    }

    @Override
    public Integer call() throws Exception {
        if (selection.range != null && !selection.range.from.isBefore(selection.range.to)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--from must be before --to");
        }
        if (selection.ids != null && type != null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--type goes with --from/--to, not with --id");
        }
        Republisher.Rows rows;
        try {
            rows = selection.ids != null
                    ? Republisher.Rows.ofIds(selection.ids)
                    : Republisher.Rows.between(selection.range.from, selection.range.to, Optional.ofNullable(type));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        CtlConfig config = root.config();
        ReplayGuard guard = root.replayGuard();
        try (HikariDataSource pool = Databases.open(config.database())) {
            Republisher republisher = new Republisher(config, Jdbi.create(pool));
            Republisher.Selected selected = republisher.select(rows, guard, Instant.now());
            if (dryRun) {
                System.out.printf(
                        "would republish %d outbox rows to %s%n", selected.ids().size(), config.exchange());
                if (selected.outsideWindow() > 0 && !force) {
                    System.out.println("but refused: " + guard.refusal(selected.outsideWindow(), "--force"));
                    return 1;
                }
                return reportMissing(selected.missing(rows));
            }
            AuditLog.Action action =
                    new AuditLog.Action(OutboxCtl.operator(), "cli", "republish", rows.describe(), force);
            AuditLog audit = AuditLog.open(config, pool);
            if (selected.outsideWindow() > 0 && !force) {
                String refusal = guard.refusal(selected.outsideWindow(), "--force");
                audit.end(
                        audit.begin(action),
                        AuditLog.Outcome.REFUSED,
                        selected.ids().size(),
                        0,
                        refusal);
                System.out.println("refused: " + refusal);
                return 1;
            }
            int published = audit.run(
                    action,
                    () -> republisher.publish(rows),
                    count -> new AuditLog.Ending(
                            AuditLog.Outcome.DONE, selected.ids().size(), count, ""));
            System.out.printf(
                    "republished, confirmed by the broker, %d outbox rows to %s; consumers that still remember an event"
                            + " skip it (worker: dedup by message id)%n",
                    published, config.exchange());
            return reportMissing(selected.missing(rows));
        }
    }

    private static int reportMissing(List<String> missing) {
        if (!missing.isEmpty()) {
            System.out.println("not in the outbox (never written, or deleted by OUTBOX_RETENTION_HOURS): " + missing);
            return 1;
        }
        return 0;
    }

    /** An ISO-8601 instant, e.g. 2026-11-28T10:00:00Z. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a UTC time like 2026-11-28T10:00:00Z");
            }
        }
    }
}
