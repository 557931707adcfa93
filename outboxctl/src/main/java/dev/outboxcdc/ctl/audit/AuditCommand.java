package dev.outboxcdc.ctl.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl audit}: what operators did to messages, newest first ({@link AuditLog}). */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Prints the audit log: who requeued or republished what, when, and how it ended.")
public final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    OutboxCtl root;

    @Option(names = "--limit", defaultValue = "50", description = "The newest this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        try (HikariDataSource pool = Databases.open(root.config().database())) {
            for (AuditLog.Entry entry : AuditLog.open(root.config(), pool).recent(limit)) {
                System.out.printf(
                        "#%d  %s  %s via %s  %s  %s%s  -> %s: matched %d, moved %d%s%n",
                        entry.id(),
                        entry.startedAt(),
                        entry.operator(),
                        entry.via(),
                        entry.action(),
                        entry.selection(),
                        entry.forced() ? "  (forced)" : "",
                        entry.outcome(),
                        entry.matched(),
                        entry.moved(),
                        entry.detail().isEmpty() ? "" : "; " + entry.detail());
            }
        }
        return 0;
    }
}
