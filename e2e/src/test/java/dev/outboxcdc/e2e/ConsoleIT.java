package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.ctl.parked.ParkingLot;
import dev.outboxcdc.e2e.CtlProcess.Run;
import dev.outboxcdc.harness.NodeTools;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's console ({@code bin/outboxctl serve}) against a real stack, database and broker,
 * driven in headless Chromium (scripts/report-browser/console-e2e.mjs) where node is installed.
 */
class ConsoleIT {
    private static final String USER = "ops";
    private static final String PASSWORD = "console-it-" + UUID.randomUUID();
    private static final Pattern ADDRESS = Pattern.compile("outboxctl console on (https?://\\S+/)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SCREENSHOTS =
            Path.of("target", "console-screenshots").toAbsolutePath();

    private static ServiceStack stack;
    private static TestDatabase db;
    private static String schema;
    private static Process console;
    private static URI consoleUrl;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.admin();
        // An update whose predecessor is missing is parked after one wait, a second later.
        stack = new ServiceStack("console", Map.of("WORKER_MAX_WAITS", "1", "WORKER_RETRY_DELAYS_MS", "1000")).start();
        schema = stack.database.name();
        Console started = startConsole(Map.of(), "console-it");
        console = started.process();
        consoleUrl = started.url();
    }

    record Console(Process process, URI url) {}

    /** {@code bin/outboxctl serve} with the stack's settings, {@code overrides} on top; returns once it listens. */
    private static Console startConsole(Map<String, String> overrides, String logName) throws Exception {
        Path log = Path.of("target", "service-logs", logName + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(
                        ProjectRoot.find().resolve("bin/outboxctl").toString(), "serve")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(ctlEnvironment());
        builder.environment()
                .putAll(Map.of(
                        "CONSOLE_USERS", USER + ":" + PASSWORD,
                        "CONSOLE_PORT", "0",
                        "CONSOLE_SERVICES",
                                "api=" + stack.apiUrl + ",worker="
                                        + stack.worker()
                                                .metricsUrl()
                                                .orElseThrow()
                                                .resolve("/") + ",relay="
                                        + stack.relay()
                                                .metricsUrl()
                                                .orElseThrow()
                                                .resolve("/")));
        builder.environment().putAll(overrides);
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ADDRESS.matcher(Files.readString(log)).find() || !process.isAlive());
        Matcher address = ADDRESS.matcher(Files.readString(log));
        assertThat(address.find())
                .as("the console's log: %s", Files.readString(log))
                .isTrue();
        return new Console(process, URI.create(address.group(1)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) {
            console.destroy();
            console.waitFor(15, TimeUnit.SECONDS);
        }
        stack.close();
        db.close();
    }

    /** outboxctl's environment: the stack's, with outboxctl's own database user, and a dedup window of one hour. */
    private static Map<String, String> ctlEnvironment() {
        Map<String, String> env = CtlProcess.environment(stack);
        env.put("WORKER_RETENTION_HOURS", "1");
        return env;
    }

    @Test
    void aPoisonEventParkedIsShownAsTextAndRequeuedFromThePageOnceAfterADryRun() throws Exception {
        String customer = register("console-" + UUID.randomUUID() + "@example.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> directoryVersion(customer) == 1);
        // The read model lost the customer: its update cannot be applied, and is parked.
        db.execute("DELETE FROM " + schema + ".customer_directory WHERE id = ?", customer);
        String name = "<script>alert(1)</script>";
        patchName(customer, name);
        String update = updateOf(customer);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api("GET", "/api/parked", null).body().contains(update));
        // The cause removed: the customer is back in the read model at version 1.
        db.execute(
                "INSERT INTO " + schema
                        + ".customer_directory (id, email, name, version) SELECT id, email, name, 1 FROM " + schema
                        + ".customers WHERE id = ?",
                customer);

        JsonNode seen = browser("requeue", update);

        assertThat(seen.get("parkedRow").asText()).contains("CustomerUpdated").contains("is at version none");
        assertThat(seen.get("detailBody").asText()).as("the payload, as text").contains(name);
        assertThat(seen.get("dialogs")).as("no script of the payload ran").isEmpty();
        assertThat(seen.get("scriptElementsInPage").asInt()).isZero();
        assertThat(seen.get("pageErrors")).isEmpty();
        assertThat(seen.get("plan").asText()).startsWith("Would requeue 1 message(s): " + update);
        assertThat(seen.get("planRefusal").asText()).isEmpty();
        assertThat(seen.get("job").asText()).contains(": done;").contains("moved 1 of 1");
        assertThat(seen.get("auditFirstRow").asText())
                .contains(USER)
                .contains("console")
                .contains("parked.requeue");
        await().atMost(Duration.ofSeconds(30)).until(() -> directoryVersion(customer) == 2);
        assertThat(db.count("SELECT COUNT(*) FROM " + schema + ".processed_messages WHERE message_id = ?", update))
                .as("handled once")
                .isEqualTo(1);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM " + schema + ".customer_directory WHERE id = ? AND BINARY name = ?",
                        customer,
                        name))
                .isEqualTo(1);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM " + schema + ".ops_audit WHERE operator = ? AND via = 'console'"
                                + " AND action = 'parked.requeue' AND outcome = 'done' AND moved = 1 AND selection = ?",
                        USER,
                        "ids " + update))
                .isEqualTo(1);
        assertThat(SCREENSHOTS.resolve("console-overview.png")).exists();
        assertThat(SCREENSHOTS.resolve("console-parked.png")).exists();
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedAndAChangeFromASessionWithoutItsCsrfTokenToo() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(
                HttpRequest.newBuilder(consoleUrl.resolve("/api/overview")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .as("never a browser prompt")
                .isEmpty();

        HttpResponse<String> signedIn = HTTP.send(
                HttpRequest.newBuilder(consoleUrl.resolve("/api/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("name", USER, "password", PASSWORD))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String cookie =
                signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict");
        String csrf = JSON.readTree(signedIn.body()).get("csrfToken").asText();
        String dryRun = "{\"ids\":[\"" + UUID.randomUUID() + "\"],\"dryRun\":true}";

        HttpResponse<String> withoutToken = HTTP.send(
                HttpRequest.newBuilder(consoleUrl.resolve("/api/republish"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(dryRun))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withToken = HTTP.send(
                HttpRequest.newBuilder(consoleUrl.resolve("/api/republish"))
                        .header("Cookie", cookie)
                        .header("X-CSRF-Token", csrf)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(dryRun))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("X-CSRF-Token");
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(api(consoleUrl, "GET", "/api/overview", null, "wrong-password")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void guessingAPasswordLocksTheNameEachFailureIsAuditedAndTheRightPasswordWorksOnceTheLockHasPassed()
            throws Exception {
        String name = "guarded-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "the right one " + UUID.randomUUID();
        Run hashed = CtlProcess.runWithInput(ctlEnvironment(), password + "\n", "hash-password", "--cost", "10");
        assertThat(hashed.exit()).as(hashed.err()).isZero();
        String hash = hashed.out().strip();
        Console guarded = startConsole(
                Map.of("CONSOLE_USERS", name + ":" + hash, "CONSOLE_SIGN_IN_LOCK_SECONDS", "4"), "console-it-guessing");
        try {
            HttpResponse<String> unknownName = signIn(guarded, "nobody-" + name, password);
            List<HttpResponse<String>> wrong = new ArrayList<>();
            // guesses as fast as one client sends them, until the audit log shows the name locked
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        wrong.add(signIn(guarded, name, "guess " + wrong.size()));
                        return auditOf(name, "console.sign-in.lock") > 0;
                    });
            HttpResponse<String> rightWhileLocked = signIn(guarded, name, password);
            long lockedAt = System.nanoTime();
            long refusalsAudited = auditOf(name, "console.sign-in", "refused");
            HttpResponse<String> right = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> signIn(guarded, name, password), response -> response.statusCode() == 200);
            System.out.printf(
                    "%d wrong guesses until the name was locked; the right password worked again %d ms later"
                            + " (lock 4 s)%n",
                    wrong.size(), (System.nanoTime() - lockedAt) / 1_000_000);
            String cookie =
                    right.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> again = signIn(guarded, name, password, cookie);
            String renewed =
                    again.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

            HttpResponse<String> answer = wrong.get(0);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(answer.body()).get("detail").asText()).isEqualTo("wrong name or password");
            assertThat(wrong).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.body()).isEqualTo(answer.body());
            });
            assertThat(List.of(unknownName, rightWhileLocked)).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.body())
                        .as("no other answer for a locked or unknown name")
                        .isEqualTo(answer.body());
            });
            assertThat(refusalsAudited)
                    .as(
                            "one audit entry per failure: %d wrong guesses and the right password while locked",
                            wrong.size())
                    .isEqualTo(wrong.size() + 1);
            assertThat(renewed).as("a new session id at each sign-in").isNotEqualTo(cookie);
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(guarded.url().resolve("/api/overview"))
                                            .header("Cookie", cookie)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("the session signed in over is ended")
                    .isEqualTo(401);
        } finally {
            guarded.process().destroy();
            guarded.process().waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void withAKeyStoreTheConsoleServesHttpsOnlyAndItsSessionCookieIsSecure(@TempDir Path directory) throws Exception {
        Path keyStore = directory.resolve("console.p12");
        run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "console",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        "console-it",
                        "-keypass",
                        "console-it"),
                Map.of());
        Console https = startConsole(
                Map.of("CONSOLE_TLS_KEYSTORE", keyStore.toString(), "CONSOLE_TLS_KEYSTORE_PASSWORD", "console-it"),
                "console-it-https");
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keyStore)) {
                trusted.load(in, "console-it".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();

            HttpResponse<String> signedIn = client.send(
                    HttpRequest.newBuilder(https.url().resolve("/api/session"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(Map.of("name", USER, "password", PASSWORD))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            URI plain = URI.create(https.url().toString().replace("https://", "http://"));

            assertThat(https.url().getScheme()).isEqualTo("https");
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
            assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("Secure")
                    .contains("HttpOnly");
            assertThat(plainAnswer(plain.resolve("/api/session")))
                    .as("plain HTTP on the HTTPS port")
                    .isIn("400", "refused");
        } finally {
            https.process().destroy();
            https.process().waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** The status a plain HTTP request gets, or {@code refused} when the connection is dropped. */
    private static String plainAnswer(URI uri) throws InterruptedException {
        try {
            return Integer.toString(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } catch (IOException e) {
            return "refused";
        }
    }

    private static HttpResponse<String> signIn(Console console, String name, String password, String... cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(console.url().resolve("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("name", name, "password", password))));
        for (String value : cookie) {
            request.header("Cookie", value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many audit entries name {@code operator} with {@code action} (and {@code outcome}, if given). */
    private static long auditOf(String operator, String action, String... outcome) {
        return db.count(
                "SELECT COUNT(*) FROM " + schema + ".ops_audit WHERE operator = ? AND action = ?"
                        + (outcome.length > 0 ? " AND outcome = '" + outcome[0] + "'" : ""),
                operator,
                action);
    }

    @Test
    void theReplayGuardRefusesAnOutOfWindowRepublishInTheCliAndInThePageAndBothAreAudited() throws Exception {
        String customer = register("console-guard-" + UUID.randomUUID() + "@example.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> directoryVersion(customer) == 1);
        String created = db.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT id FROM " + schema
                                + ".outbox WHERE aggregateid = ? AND type = 'CustomerCreated'")
                        .bind(0, customer)
                        .mapTo(String.class)
                        .one());
        // Two hours old, outside the one-hour dedup window the console and the CLI are given.
        db.execute(
                "UPDATE " + schema + ".outbox SET created_at = CURRENT_TIMESTAMP(6) - INTERVAL 2 HOUR WHERE id = ?",
                created);

        Run cli = ctl("republish", "--id", created);
        JsonNode page = browser("guard", created);
        Run forced = ctl("republish", "--id", created, "--force");

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out())
                .contains("refused: 1 of the selected events were created more than WORKER_RETENTION_HOURS=1 h ago");
        assertThat(page.get("dryRunRefusal").asText()).contains("created more than WORKER_RETENTION_HOURS=1 h ago");
        assertThat(page.get("runRefusal").asText()).contains("Nothing was sent");
        assertThat(page.get("forceOffered").asBoolean()).isTrue();
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("republished, confirmed by the broker, 1 outbox rows");
        Run audit = ctl("audit", "--limit", "20");
        assertThat(audit.out())
                .containsPattern("cli +republish +ids " + created + "\\s+-> refused")
                .containsPattern(USER + " via console +republish +ids " + created + "\\s+-> refused")
                .containsPattern("via cli +republish +ids " + created + " +\\(forced\\) +-> done: matched 1, moved 1");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.count(
                                "SELECT COALESCE(SUM(duplicates), 0) FROM " + schema
                                        + ".processed_messages WHERE message_id = ?",
                                created)
                        == 1);
    }

    @Test
    void aBrokerThatStopsAnsweringIsShownStaleWithItsLastStateAndEveryActionIsRefusedWithTheReason() throws Exception {
        Address broker = TestEnvironment.get().amqp().addresses().get(0);
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), broker.getPort())) {
            Console behindProxy = startConsole(
                    Map.of(
                            "AMQP_ADDRESSES", "127.0.0.1:" + proxy.port(),
                            "CONSOLE_SERVICES", "api=" + stack.apiUrl),
                    "console-it-broker-cut");
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> queues(behindProxy).path("value").isArray()
                                && queues(behindProxy).path("error").isNull());

                proxy.cut();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !queues(behindProxy).path("error").isNull());
                JsonNode stale = queues(behindProxy);
                HttpResponse<String> requeue =
                        api(behindProxy.url(), "POST", "/api/parked/requeue", "{\"ids\":[\"any\"],\"dryRun\":false}");
                HttpResponse<String> list = api(behindProxy.url(), "GET", "/api/parked", null);

                assertThat(stale.get("error").asText()).startsWith("broker:");
                assertThat(stale.get("value")).as("the last known depths, kept").isNotEmpty();
                assertThat(requeue.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(requeue.body()).get("detail").asText())
                        .startsWith("the broker does not answer")
                        .endsWith("nothing was done");
                assertThat(list.statusCode()).isEqualTo(503);

                proxy.restore();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> queues(behindProxy).path("error").isNull());
            } finally {
                behindProxy.process().destroy();
                behindProxy.process().waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDatabaseLeftReadOnlyIsShownForEveryServiceWithItsReasonUntilItTakesWritesAgain() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, String> states = serviceStates();
            return states.size() == 3 && states.values().stream().allMatch("UP"::equals);
        });
        Thread writableAtExit = new Thread(ConsoleIT::databaseWritable, "read-only-reset");
        Runtime.getRuntime().addShutdownHook(writableAtExit);
        JsonNode shown;
        try {
            db.execute("SET GLOBAL read_only = 1");
            long raised = System.nanoTime();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> serviceStates().values().stream().allMatch("READ_ONLY"::equals));
            System.out.printf(
                    "the overview showed READ_ONLY for every service %d ms after read_only=ON%n",
                    (System.nanoTime() - raised) / 1_000_000);
            shown = overview().get("services");
        } finally {
            databaseWritable();
            Runtime.getRuntime().removeShutdownHook(writableAtExit);
        }
        assertThat(shown).hasSize(3);
        shown.forEach(service -> {
            assertThat(service.get("status").asInt()).isEqualTo(503);
            assertThat(service.get("reason").asText()).contains("read_only=ON");
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> serviceStates().values().stream().allMatch("UP"::equals));
    }

    /** Each service's readiness status word, as the console's overview shows it. */
    private static Map<String, String> serviceStates() throws Exception {
        Map<String, String> states = new TreeMap<>();
        overview()
                .get("services")
                .forEach(service -> states.put(
                        service.get("name").asText(), service.get("state").asText()));
        return states;
    }

    private static JsonNode overview() throws Exception {
        return JSON.readTree(api("GET", "/api/overview", null).body());
    }

    private static void databaseWritable() {
        try (TestDatabase admin = TestDatabase.admin()) {
            admin.execute("SET GLOBAL read_only = 0");
        }
    }

    @Test
    void aBulkRequeueIsPagedWhileListedAndStoppedHalfWayItLosesAndDoublesNothing() throws Exception {
        String workQueue = "it.console.bulk." + UUID.randomUUID();
        String parkingLot = workQueue + ".parking-lot";
        int parked = 10_000;
        try (Connection connection = TestEnvironment.get().amqp().connect("console-it");
                Channel channel = connection.createChannel()) {
            // Quorum queues, as the services declare them (QUEUE_TYPE's default). A classic queue of
            // RabbitMQ 3.10 takes thousands of given-back messages back over tens of seconds, a quorum
            // queue at once (the test prints how long they took).
            CtlProcess.declareAsItsWorker(channel, workQueue, Map.of("x-queue-type", "quorum"));
            channel.confirmSelect();
            for (int i = 0; i < parked; i++) {
                channel.basicPublish(
                        "",
                        parkingLot,
                        new AMQP.BasicProperties.Builder()
                                .messageId("bulk-" + i)
                                .type("CustomerCreated")
                                .deliveryMode(2)
                                .headers(Map.of(
                                        MessageHeaders.CREATED_AT_MICROS,
                                        MessageHeaders.createdAtMicros(Instant.now())))
                                .build(),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(60_000);
            Console ownQueue = startConsole(Map.of(Subscription.QUEUE_VARIABLE, workQueue), "console-it-bulk");
            try {
                JsonNode page = JSON.readTree(api(ownQueue.url(), "GET", "/api/parked?offset=9990&limit=50", null)
                        .body());
                JsonNode job = JSON.readTree(
                        api(ownQueue.url(), "POST", "/api/parked/requeue", "{\"filter\":{},\"dryRun\":false}")
                                .body());
                String path = "/api/jobs/" + job.get("id").asText();
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> JSON.readTree(api(ownQueue.url(), "GET", path, null)
                                                .body())
                                        .get("moved")
                                        .asLong()
                                >= ParkingLot.PROGRESS_EVERY);
                api(ownQueue.url(), "POST", path + "/stop", null);
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> !JSON.readTree(
                                        api(ownQueue.url(), "GET", path, null).body())
                                .get("state")
                                .asText()
                                .equals("running"));
                JsonNode stopped =
                        JSON.readTree(api(ownQueue.url(), "GET", path, null).body());
                long moved = stopped.get("moved").asLong();

                assertThat(page.get("matched").asLong()).isEqualTo(parked);
                assertThat(page.get("page")).as("the last page: 10 of 50").hasSize(10);
                assertThat(stopped.get("state").asText()).as(stopped.toString()).isEqualTo("partial");
                assertThat(stopped.get("detail").asText()).isEqualTo("stopped by the operator");
                assertThat(moved).isBetween((long) ParkingLot.PROGRESS_EVERY, parked - 1L);
                assertThat(channel.queueDeclarePassive(workQueue).getMessageCount())
                        .as("one copy of each moved message")
                        .isEqualTo(moved);
                // the messages taken and not moved are given back asynchronously by the broker
                long stoppedAt = System.nanoTime();
                try {
                    await().atMost(Duration.ofSeconds(120))
                            .untilAsserted(() -> assertThat(channel.queueDeclarePassive(parkingLot)
                                            .getMessageCount())
                                    .as("the others still parked")
                                    .isEqualTo(parked - moved));
                } catch (ConditionTimeoutException e) {
                    System.out.println("the broker at the timeout: " + brokerView(parkingLot));
                    throw e;
                }
                System.out.printf(
                        "the %d messages not moved were ready again %d ms after the job ended%n",
                        parked - moved, (System.nanoTime() - stoppedAt) / 1_000_000);
                assertThat(channel.queueDeclarePassive(workQueue).getMessageCount())
                        .isEqualTo(moved);
            } finally {
                ownQueue.process().destroy();
                ownQueue.process().waitFor(15, TimeUnit.SECONDS);
                channel.queueDelete(parkingLot);
                channel.queueDelete(workQueue);
                channel.exchangeDelete(SubscriberQueues.copiesExchange(workQueue));
            }
        }
    }

    private static JsonNode queues(Console console) throws Exception {
        return JSON.readTree(api(console.url(), "GET", "/api/overview", null).body())
                .get("queues");
    }

    private static Run ctl(String... args) throws Exception {
        Map<String, String> env = ctlEnvironment();
        env.put("OUTBOX_OPERATOR", "ci-operator");
        return CtlProcess.run(env, args);
    }

    /** Runs one scenario of console-e2e.mjs; skipped (saying why) where node is not installed. */
    private static JsonNode browser(String scenario, String id) throws Exception {
        Path scripts = ProjectRoot.find().resolve("scripts/report-browser");
        Assumptions.assumeTrue(
                NodeTools.installed(), NodeTools.NOT_INSTALLED + ": the console's browser test needs them");
        String chromium = NodeTools.browser(scripts);
        System.out.println(
                "the console's browser test drives " + (chromium.isEmpty() ? "@sparticuz/chromium (npm)" : chromium));
        NodeTools.install(scripts);
        Files.createDirectories(SCREENSHOTS);
        String out = run(
                List.of(
                        "node",
                        scripts.resolve("console-e2e.mjs").toString(),
                        scenario,
                        consoleUrl.toString(),
                        USER,
                        PASSWORD,
                        id,
                        SCREENSHOTS.toString()),
                Map.of());
        JsonNode seen =
                JSON.readTree(out.lines().reduce((first, second) -> second).orElse("{}"));
        assertThat(seen.has("failure")).as("the browser: %s", out).isFalse();
        return seen;
    }

    /** What the broker holds of the queue, ready and unacknowledged, and which channels hold deliveries. */
    private static String brokerView(String queue) {
        if (!NodeTools.onPath("rabbitmqctl")) {
            return "(rabbitmqctl is not installed here)";
        }
        try {
            Process queues = new ProcessBuilder(
                            "rabbitmqctl", "-q", "list_queues", "name", "messages_ready", "messages_unacknowledged")
                    .redirectErrorStream(true)
                    .start();
            String all = new String(queues.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Process channels = new ProcessBuilder(
                            "rabbitmqctl", "-q", "list_channels", "name", "messages_unacknowledged", "consumer_count")
                    .redirectErrorStream(true)
                    .start();
            String holding = new String(channels.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return all.lines().filter(line -> line.contains(queue)).toList() + "; channels holding deliveries: "
                    + holding.lines()
                            .filter(line -> !line.matches(".*\\s0\\s+\\d+$"))
                            .toList();
        } catch (IOException e) {
            return "(rabbitmqctl failed: " + e.getMessage() + ")";
        }
    }

    private static String run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, out).isZero();
        return out;
    }

    private static HttpResponse<String> api(String method, String path, String body)
            throws IOException, InterruptedException {
        return api(consoleUrl, method, path, body, PASSWORD);
    }

    private static HttpResponse<String> api(URI console, String method, String path, String body)
            throws IOException, InterruptedException {
        return api(console, method, path, body, PASSWORD);
    }

    /** A request as a script sends one: HTTP Basic with the console user's name and {@code password}. */
    private static HttpResponse<String> api(URI console, String method, String path, String body, String password)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(console.resolve(path))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String register(String email) throws IOException, InterruptedException {
        return CtlProcess.register(stack, email);
    }

    private static void patchName(String customer, String name) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.apiUrl.resolve("/customers/" + customer))
                        .header("Content-Type", "application/json")
                        .method(
                                "PATCH",
                                HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String updateOf(String customer) {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT id FROM " + schema
                                + ".outbox WHERE aggregateid = ? AND type = 'CustomerUpdated'")
                        .bind(0, customer)
                        .mapTo(String.class)
                        .one());
    }

    private static long directoryVersion(String id) {
        return db.count("SELECT COALESCE(MAX(version), 0) FROM " + schema + ".customer_directory WHERE id = ?", id);
    }
}
