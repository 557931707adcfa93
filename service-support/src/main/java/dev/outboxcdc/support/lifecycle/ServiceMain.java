package dev.outboxcdc.support.lifecycle;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ServiceVariables;
import dev.outboxcdc.support.config.variables.Variables;
import dev.outboxcdc.support.db.DatabaseUnavailableException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a service process, the same for the api and the worker: start it from the
 * environment, run until SIGTERM, SIGINT or SIGHUP, stop it, exit. Exit status 0 after a clean stop, 2 when
 * it cannot start (a setting, the database), 1 otherwise. Every path ends in {@code System.exit}:
 * a library's non-daemon thread must not keep a stopped service's JVM alive.
 */
public final class ServiceMain {
    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

    /** A started service; closing it stops it, in the reverse order of its start. */
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }

    private ServiceMain() {}

    /**
     * What every service does first with its environment: {@code LOG_FORMAT} checked (a wrong value is
     * refused on standard error too: Logback would have no appender to print it with), and a warning
     * for each variable with one of the project's prefixes that no setting names.
     */
    public static void checkEnvironment(Env env) {
        try {
            env.get(ServiceVariables.LOG_FORMAT);
        } catch (ConfigException refused) {
            System.err.println(refused.getMessage());
            throw refused;
        }
        Variables.unknown(env).forEach(log::warn);
    }

    public static void run(String service, Function<Env, Running> start) {
        int status = 0;
        try {
            TerminationSignal signal = TerminationSignal.install();
            Env env = Env.system();
            checkEnvironment(env);
            try (Running running = start.apply(env)) {
                signal.await();
                log.info("{} stopping", service);
            }
            log.info("{} stopped cleanly", service);
        } catch (ConfigException | DatabaseUnavailableException e) {
            log.error("{} cannot start: {}", service, e.getMessage());
            status = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        } catch (RuntimeException e) {
            log.error("{} failed", service, e);
            status = 1;
        }
        System.exit(status);
    }
}
