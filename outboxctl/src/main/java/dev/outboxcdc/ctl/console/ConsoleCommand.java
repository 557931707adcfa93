package dev.outboxcdc.ctl.console;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.ConnectionPools;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code outboxctl serve}: the operator's console ({@link ConsoleServer}) until SIGTERM or Ctrl-C.
 * Part of outboxctl rather than a service of its own: it is the same actions with the same
 * settings, database user and audit log, behind a page; nothing in it runs unless an operator
 * starts it.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the operator's console: overview, parked and unrouted messages, republish, audit log.",
            "Reads CONSOLE_BIND (127.0.0.1), CONSOLE_PORT (8090), CONSOLE_USERS or CONSOLE_USERS_FILE (name:password,",
            "the password a bcrypt hash from outboxctl hash-password; required unless OUTBOX_ENV=dev), CONSOLE_SERVICES",
            "(name=http://host:port, for their health), CONSOLE_SIGN_IN_LOCK_SECONDS (900) and, for HTTPS,",
            "CONSOLE_TLS_KEYSTORE (a PKCS#12 file) with CONSOLE_TLS_KEYSTORE_PASSWORD."
        })
public final class ConsoleCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ConsoleCommand.class);

    @ParentCommand
    OutboxCtl root;

    @Override
    public Integer call() throws Exception {
        CtlConfig config = root.config();
        Env env = Env.system();
        ConsoleConfig console = ConsoleConfig.fromEnv(env);
        console.clearTextWarning(env).ifPresent(log::warn);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM or Ctrl-C: the JVM exits once this hook returns, so it waits for the clean stop below.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopped.countDown();
                            try {
                                closed.await(45, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "console-stop"));
        try (HikariDataSource pool = ConnectionPools.open(
                        config.database(),
                        config.database().resolveFlavor(),
                        "outboxctl-console",
                        4,
                        Duration.ofSeconds(30));
                ConsoleServer server = new ConsoleServer(config, console, root.replayGuard(), pool)) {
            int port = server.start(console.bind(), console.port());
            System.out.printf(
                    "outboxctl console on %s://%s:%d/ (%s)%n",
                    console.tls().isPresent() ? "https" : "http",
                    console.bind(),
                    port,
                    console.signInRequired()
                            ? "sign in as one of CONSOLE_USERS"
                            : "no sign-in: OUTBOX_ENV=dev and CONSOLE_USERS unset");
            System.out.flush();
            stopped.await();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
