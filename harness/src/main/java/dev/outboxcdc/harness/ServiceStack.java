package dev.outboxcdc.harness;

import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * api, relay and worker as separate OS processes against the real database and broker, started
 * as {@code make run} starts them, in a database of their own and on an exchange and queue of their
 * own: nothing else consumes their events, and the {@code make run} demo's relay never sees their
 * rows. {@link #close()} leaves nothing behind (database, queues, exchanges).
 */
public final class ServiceStack implements AutoCloseable {
    public final String consumer;
    public final URI apiUrl;
    public final String exchange;
    public final ScratchDatabase database;
    private final Map<String, String> environment;
    private final Map<String, String> relayEnvironment;
    private final String name;
    private DatabaseSettings admin;
    private int starts;
    private @Nullable ServiceProcess api;
    private @Nullable ServiceProcess relay;
    private @Nullable ServiceProcess worker;
    private final List<ServiceProcess> otherWorkers = new ArrayList<>();
    private final List<ServiceProcess> otherApis = new ArrayList<>();
    private final List<URI> otherApiUrls = new ArrayList<>();
    private final StackCleanup cleanup;
    private final Map<String, Map<String, String>> serviceSettings = new HashMap<>();
    private final Map<String, Map<String, String>> extraSettings = new HashMap<>();
    private final @Nullable String firstDatabasePort;

    public ServiceStack(String name, Map<String, String> overrides) throws IOException {
        this.name = name;
        int port = freePort();
        String suffix = name + "-" + Long.toHexString(System.nanoTime());
        // of its own, unless the test names them (e.g. the defaults, in a virtual host of its own)
        this.consumer = overrides.getOrDefault(Subscription.QUEUE_VARIABLE, "stack." + suffix);
        this.exchange = overrides.getOrDefault(EventTopology.EXCHANGE_VARIABLE, "stack." + suffix);
        Map<String, String> env = new HashMap<>(Map.of(
                "PORT",
                Integer.toString(port),
                EventTopology.EXCHANGE_VARIABLE,
                exchange,
                // Events of other tests and runs have no queue on this exchange: park them aside.
                EventTopology.UNROUTED_VARIABLE,
                exchange + ".unrouted",
                Subscription.QUEUE_VARIABLE,
                consumer));
        this.database = ScratchDatabase.create(name);
        // Stops the processes first, the extra ones before the first api, worker and relay.
        this.cleanup = new StackCleanup(
                name,
                () -> {
                    List<ServiceProcess> all = new ArrayList<>(otherWorkers);
                    all.addAll(otherApis);
                    all.addAll(Arrays.asList(relay, worker, api));
                    all.removeIf(Objects::isNull);
                    return all;
                },
                database,
                exchange,
                this::queues,
                this::amqp);
        env.put("DB_NAME", database.name());
        env.putAll(overrides);
        // The stack's own connections go as its services' do: over TLS when they do.
        Map<String, String> transport = new HashMap<>(overrides);
        transport.keySet().retainAll(List.of("DB_HOST", "DB_TLS", DatabaseSettings.TLS_CA_VARIABLE));
        this.admin = TestEnvironment.get().admin(transport);
        this.environment = new HashMap<>(TestEnvironment.get().variables(env));
        this.firstDatabasePort = environment.get("DB_PORT");
        // A relay of its own (its lease is named after it), streaming from now rather than from
        // the start of the binlog, which other runs filled.
        this.relayEnvironment = new HashMap<>(environment);
        relayEnvironment.putAll(Map.of(
                "RELAY_NAME",
                suffix,
                "RELAY_SNAPSHOT_MODE",
                "no_data",
                "RELAY_SERVER_ID",
                Integer.toString(10_000 + (int) (System.nanoTime() % 50_000))));
        relayEnvironment.putAll(overrides);
        this.apiUrl = URI.create("http://127.0.0.1:" + port);
    }

    /** The first api process; the stack must be started. */
    public ServiceProcess api() {
        return started(api, "api");
    }

    /** The relay started last; the stack must be started. */
    public ServiceProcess relay() {
        return started(relay, "relay");
    }

    /** The first worker process; the stack must be started. */
    public ServiceProcess worker() {
        return started(worker, "worker");
    }

    private ServiceProcess started(@Nullable ServiceProcess process, String service) {
        if (process == null) {
            throw new IllegalStateException("the " + service + " of stack " + name + " is not started");
        }
        return process;
    }

    /**
     * Settings one service ({@code api}, {@code worker} or {@code relay}) gets on top of the stack's,
     * e.g. its links through fault proxies; given before {@link #start()}. A {@code DB_PORT} among
     * them holds only while the stack uses its first database server ({@link #startServicesAgainst}).
     */
    public ServiceStack withSettings(String service, Map<String, String> settings) {
        if (!List.of("api", "worker", "relay").contains(service)) {
            throw new IllegalArgumentException("no service " + service + " in the stack: api, worker or relay");
        }
        serviceSettings.put(service, Map.copyOf(settings));
        return this;
    }

    /** Restarts as they were the services that {@link #restartWith} gave extra settings, except {@code keep}. */
    public void restartAsTheyWereExcept(String keep) throws Exception {
        for (String service : List.copyOf(extraSettings.keySet())) {
            if (!service.equals(keep)
                    && !extraSettings.getOrDefault(service, Map.of()).isEmpty()) {
                restartWith(service, Map.of());
            }
        }
    }

    /**
     * Stops {@code service} (SIGTERM) and starts it again with {@code extra} on top of its settings
     * (none: as it was), e.g. on a skewed clock; returns once it is ready (the relay: streaming).
     */
    public void restartWith(String service, Map<String, String> extra) throws Exception {
        extraSettings.put(service, Map.copyOf(extra));
        switch (service) {
            case "api" -> {
                api().terminate(Duration.ofSeconds(30));
                startApi();
            }
            case "worker" -> {
                worker().terminate(Duration.ofSeconds(30));
                startWorker();
            }
            case "relay" -> {
                relay().terminate(Duration.ofSeconds(30));
                startRelay();
            }
            default -> throw new IllegalArgumentException("no service " + service + " in the stack");
        }
    }

    private Map<String, String> settingsOf(String service, Map<String, String> base) {
        Map<String, String> settings = new HashMap<>(base);
        settings.putAll(extraSettings.getOrDefault(service, Map.of()));
        serviceSettings.getOrDefault(service, Map.of()).forEach((variable, value) -> {
            if (!variable.equals("DB_PORT") || Objects.equals(base.get("DB_PORT"), firstDatabasePort)) {
                settings.put(variable, value);
            }
        });
        return settings;
    }

    public ServiceStack start() throws Exception {
        startApi();
        startWorker();
        startRelay();
        restartWhereArchivesWereMissing();
        return this;
    }

    /** The api and the relay only: the worker comes later, if at all ({@link #startWorker()}). */
    public ServiceStack startWithoutWorker() throws Exception {
        startApi();
        startRelay();
        restartWhereArchivesWereMissing();
        return this;
    }

    /**
     * Right after a build no service has a class-data archive: each first start dumps one when it
     * stops cleanly (a killed one never does). Stopping and starting those once here gives every
     * later start, the restarts a fault scenario measures included, the archive a deployed service
     * has from its second start on.
     */
    private void restartWhereArchivesWereMissing() throws Exception {
        if (api().dumpsClassData()) {
            api().terminate(Duration.ofSeconds(30));
            startApi();
        }
        if (worker != null && worker.dumpsClassData()) {
            worker.terminate(Duration.ofSeconds(30));
            startWorker();
        }
        if (relay().dumpsClassData()) {
            relay().terminate(Duration.ofSeconds(30));
            startRelay();
        }
    }

    private void startApi() throws Exception {
        api = launchApi(environment, name + "-api-" + (++starts));
        awaitReady(api);
    }

    /** Another api process on a port of its own, against the same database; stopped with the stack. */
    public URI startAnotherApi() throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", Integer.toString(port));
        ServiceProcess another = launchApi(env, name + "-api-" + (++starts));
        otherApis.add(another);
        awaitReady(another);
        URI url = URI.create("http://127.0.0.1:" + port);
        otherApiUrls.add(url);
        return url;
    }

    /** Every api process of the stack. */
    public List<ServiceProcess> apis() {
        return firstAnd(api(), otherApis);
    }

    /** The urls of every api process, the first one first. */
    public List<URI> apiUrls() {
        return firstAnd(apiUrl, otherApiUrls);
    }

    /** Every worker process of the stack. */
    public List<ServiceProcess> workers() {
        return firstAnd(worker(), otherWorkers);
    }

    /** Every service process of the stack now: apis, workers and the relay. */
    public List<ServiceProcess> processes() {
        List<ServiceProcess> all = new ArrayList<>(Arrays.asList(api, worker, relay));
        all.addAll(otherApis);
        all.addAll(otherWorkers);
        all.removeIf(Objects::isNull);
        return all;
    }

    private static <T> List<T> firstAnd(T first, List<T> others) {
        List<T> all = new ArrayList<>(List.of(first));
        all.addAll(others);
        return all;
    }

    /** Another worker process on the same queue (as a second instance would be); stopped with the stack. */
    public ServiceProcess startAnotherWorker() throws Exception {
        ServiceProcess another = launchWorker();
        otherWorkers.add(another);
        awaitReady(another);
        return another;
    }

    /** Stops (SIGTERM) the workers {@link #startAnotherWorker()} started, leaving the first. */
    public void stopOtherWorkers() throws InterruptedException {
        for (ServiceProcess other : otherWorkers) {
            if (other.isAlive()) {
                other.terminate(Duration.ofSeconds(30));
            }
        }
        otherWorkers.clear();
    }

    public void startWorker() throws Exception {
        worker = launchWorker();
        awaitReady(worker);
    }

    /** Launches a worker and a relay at once, as an orchestrator restarts both; returns once both are ready. */
    public void startWorkerAndRelay() throws Exception {
        worker = launchWorker();
        relay = launchRelay();
        awaitReady(worker);
        StreamingProbe.awaitPublished(this, Duration.ofSeconds(90));
    }

    /**
     * Starts another relay and returns once the stack streams: a probe row written now has been
     * published (by this relay, or by the active one if this one stands by).
     */
    public void startRelay() throws Exception {
        relay = launchRelay();
        StreamingProbe.awaitPublished(this, Duration.ofSeconds(90));
    }

    private ServiceProcess launchApi(Map<String, String> env, String logName) throws IOException {
        return ServiceProcess.startModule("api", "dev.outboxcdc.api.Main", settingsOf("api", env), logName);
    }

    private ServiceProcess launchWorker() throws IOException {
        return ServiceProcess.startModule(
                "worker",
                "dev.outboxcdc.worker.Main",
                settingsOf("worker", environment),
                name + "-worker-" + (++starts));
    }

    private ServiceProcess launchRelay() throws IOException {
        return ServiceProcess.startModule(
                "cdc-relay",
                "dev.outboxcdc.relay.Main",
                settingsOf("relay", relayEnvironment),
                name + "-relay-" + (++starts));
    }

    /** Until the service logged that it is ready (the api listening, the worker consuming). */
    private static void awaitReady(ServiceProcess process) {
        Polling.until(
                process.name() + " ready",
                Duration.ofSeconds(60),
                Duration.ofMillis(100),
                () -> process.readyAfterJvmStart().isPresent());
    }

    /** An administrator's connection settings for the server the stack's services use now. */
    public DatabaseSettings admin() {
        return admin;
    }

    /** Stops (SIGTERM) the stack's first api, worker and relay, as an operator does before repointing them. */
    public void stopServices() throws InterruptedException {
        if (!otherApis.isEmpty() || !otherWorkers.isEmpty()) {
            throw new IllegalStateException("repoints a stack of one api and one worker only");
        }
        for (ServiceProcess process : List.of(relay, worker, api)) {
            if (process.isAlive()) {
                process.terminate(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Points the services at the database server on {@code port} (after a failover: the promoted
     * replica, which holds the stack's database) and starts them all at once, as an operator
     * restarts them; returns once the api answers, the worker consumes and the relay streams (from
     * the position it stored there).
     */
    public void startServicesAgainst(int port) throws Exception {
        environment.put("DB_PORT", Integer.toString(port));
        relayEnvironment.put("DB_PORT", Integer.toString(port));
        admin = admin.withPort(port);
        api = launchApi(environment, name + "-api-" + (++starts));
        worker = launchWorker();
        relay = launchRelay();
        awaitReady(api);
        awaitReady(worker);
        StreamingProbe.awaitPublished(this, Duration.ofSeconds(90));
    }

    /**
     * After a failover the services followed on their own ({@code DB_FAILOVER_HOSTS}): the stack's
     * own checks and probes go to the promoted server on {@code port} from now on.
     */
    public void followFailover(int port) {
        admin = admin.withPort(port);
    }

    /** The environment of the stack's relay: its database, broker, exchange, queues and relay name. */
    public Map<String, String> relayEnvironment() {
        return Map.copyOf(relayEnvironment);
    }

    /** The broker as the stack's services see it (their alternate exchange included). */
    public AmqpSettings amqp() {
        return AmqpSettings.fromEnv(new Env(environment));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops every process, then deletes the stack's queues, exchange and database ({@link StackCleanup}). */
    @Override
    public void close() throws Exception {
        cleanup.close();
    }

    private List<String> queues() {
        List<String> queues = new ArrayList<>(SubscriberQueues.all(
                consumer,
                Subscription.fromEnv(new Env(environment)).partitions(),
                Subscription.retryDelays(new Env(environment))));
        EventTopology.unroutedQueue(new Env(environment)).ifPresent(queues::add);
        return queues;
    }
}
