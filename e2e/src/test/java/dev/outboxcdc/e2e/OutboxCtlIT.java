package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.e2e.CtlProcess.Run;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.testsupport.TestQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bin/outboxctl}, run as an operator runs it, against a real stack, database and broker. */
class OutboxCtlIT {
    private static ServiceStack stack;
    private static TestDatabase db;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.admin();
        // An update whose predecessor is missing is parked after one wait, a second later.
        stack = new ServiceStack("ctl", Map.of("WORKER_MAX_WAITS", "1", "WORKER_RETRY_DELAYS_MS", "1000")).start();
        schema = stack.database.name();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        db.close();
    }

    private static Run ctl(Map<String, String> overrides, String... args) throws Exception {
        Map<String, String> env = CtlProcess.environment(stack);
        env.putAll(overrides);
        return CtlProcess.run(env, args);
    }

    private static Run ctl(String... args) throws Exception {
        return ctl(Map.of(), args);
    }

    private static String register(String email) throws IOException, InterruptedException {
        return CtlProcess.register(stack, email);
    }

    @Test
    void statusShowsTheLeaseHolderThePositionsAndTheQueues() throws Exception {
        Run status = ctl("status");

        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out())
                .containsPattern("lease: +held by connection \\d+")
                .containsPattern("server binlog: +\\S+\\.\\d+:\\d+")
                .containsPattern("stored position: +\\S+\\.\\d+:\\d+")
                .contains(SubscriberQueues.parkingLot(stack.consumer), stack.exchange + ".unrouted");
    }

    @Test
    void aParkedUpdateRequeuedAfterTheFixIsAppliedOnceAndRequeuingItAgainDoesNothing() throws Exception {
        String id = register("ctl-parked-" + UUID.randomUUID() + "@example.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> directoryVersion(id) == 1);
        String update = CtlProcess.updateItsReadModelLost(stack, db, id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ctl("parked", "list").out().contains(update));

        assertThat(ctl("parked", "list").out())
                .contains(update + "  CustomerUpdated")
                .contains("is at version none");
        assertThat(ctl("parked", "show", update).out())
                .contains("\"version\":2")
                .contains("x-last-error")
                .as("the parked copy keeps the event's CloudEvents attributes")
                .contains(CloudEventAttributes.ID + "=" + update)
                .contains(CloudEventAttributes.DATA_SCHEMA
                        + "=https://outbox-cdc.dev/contracts/customer-updated/v1.json");
        Run dryRun = ctl("parked", "requeue", "--all", "--dry-run");
        assertThat(dryRun.out()).contains("would requeue " + update);
        assertThat(ctl("parked", "list").out()).contains(update);

        db.execute(
                "INSERT INTO " + schema
                        + ".customer_directory (id, email, name, version) SELECT id, email, name, 1 FROM " + schema
                        + ".customers WHERE id = ?",
                id);
        Run requeue = ctl("parked", "requeue", update);

        assertThat(requeue.exit()).as(requeue.err()).isZero();
        assertThat(requeue.out()).contains("requeued " + update).contains("requeued 1 of");
        await().atMost(Duration.ofSeconds(30)).until(() -> directoryVersion(id) == 2);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM " + schema + ".customer_directory WHERE id = ? AND name = 'Ada Lovelace'",
                        id))
                .isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM " + schema + ".processed_messages WHERE message_id = ?", update))
                .isEqualTo(1);
        Run again = ctl("parked", "requeue", update);
        assertThat(again.exit()).isZero();
        assertThat(again.out())
                .contains("requeued 0 of")
                .contains("not in " + SubscriberQueues.parkingLot(stack.consumer) + ": " + update);
    }

    @Test
    void aRepublishedRangeReachesTheWorkerAndHasNoSecondEffect() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(register("ctl-republish-" + UUID.randomUUID() + "@example.com"));
        }
        Instant to = Instant.now().plusSeconds(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> welcomeEmails(ids) == 5);
        long inRange = db.count(
                "SELECT COUNT(*) FROM " + schema + ".outbox WHERE type = 'CustomerCreated'"
                        + " AND created_at >= FROM_UNIXTIME(?) AND created_at < FROM_UNIXTIME(?)",
                from.toEpochMilli() / 1000.0,
                to.toEpochMilli() / 1000.0);
        long duplicatesBefore = duplicates();

        Run republish = ctl("republish", "--from", from.toString(), "--to", to.toString(), "--type", "CustomerCreated");

        assertThat(republish.exit()).as(republish.err()).isZero();
        assertThat(republish.out())
                .contains("republished, confirmed by the broker, " + inRange + " outbox rows")
                .contains("skip it (worker: dedup by message id)");
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() - duplicatesBefore == inRange);
        assertThat(welcomeEmails(ids)).isEqualTo(5);
    }

    @Test
    void aSetAsideEventStaysSetAsideUntilASubscriberExistsThenGoesToIt() throws Exception {
        String unrouted = stack.exchange + ".unrouted";
        long unroutedBefore = depth(unrouted);
        String event = UUID.randomUUID().toString();
        db.execute(
                "INSERT INTO " + schema
                        + ".outbox (id, aggregatetype, aggregateid, type, payload) VALUES (?, 'invoice', ?,"
                        + " 'InvoiceIssued', '{}')",
                event,
                UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(unrouted) == unroutedBefore + 1);

        Run noSubscriberYet = ctl("unrouted", "requeue", "--type", "InvoiceIssued");
        assertThat(noSubscriberYet.exit()).isEqualTo(1);
        assertThat(noSubscriberYet.out()).contains("still unroutable").contains("invoice.InvoiceIssued=1");
        assertThat(depth(unrouted)).isEqualTo(unroutedBefore + 1);

        try (TestQueue invoices = TestQueue.bound(stack.amqp(), stack.exchange, "invoice.#")) {
            Run requeue = ctl("unrouted", "requeue", "--type", "InvoiceIssued");

            assertThat(requeue.exit()).as(requeue.err()).isZero();
            assertThat(requeue.out()).contains("published 1 of " + (unroutedBefore + 1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> invoices.distinctIds().contains(event));
            assertThat(depth(unrouted)).isEqualTo(unroutedBefore);
            assertThat(ctl("unrouted", "requeue", "--type", "InvoiceIssued").out())
                    .contains("published 0 of " + unroutedBefore);
        }
    }

    @Test
    void aParkedMessageStaysParkedWhenItsWorkQueueIsMissing() throws Exception {
        String workQueue = "it.ctl.gone." + UUID.randomUUID();
        String parkingLot = SubscriberQueues.parkingLot(workQueue);
        String parked = UUID.randomUUID().toString();
        try (Connection connection = TestEnvironment.get().amqp().connect("ctl-it");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(parkingLot, true, false, false, null);
            // a worker of this version ran: its copies exchange is there, its work queue no more
            channel.exchangeDeclare(SubscriberQueues.copiesExchange(workQueue), "direct", true);
            channel.confirmSelect();
            channel.basicPublish(
                    "", parkingLot, parkedMessage(parked, Instant.now()), "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            try {
                Run requeue = ctl(Map.of(Subscription.QUEUE_VARIABLE, workQueue), "parked", "requeue", "--all");

                assertThat(requeue.exit()).isEqualTo(1);
                assertThat(requeue.err()).contains("the work queue " + workQueue + " does not exist");
                assertThat(depth(parkingLot))
                        .as("the parked message is still parked")
                        .isEqualTo(1);
            } finally {
                channel.queueDelete(parkingLot);
                channel.exchangeDelete(SubscriberQueues.copiesExchange(workQueue));
            }
        }
    }

    @Test
    void aParkedMessageStaysParkedWhenNoWorkerOfThisVersionDeclaredItsCopiesExchange() throws Exception {
        String workQueue = "it.ctl.older." + UUID.randomUUID();
        String parkingLot = SubscriberQueues.parkingLot(workQueue);
        try (Connection connection = TestEnvironment.get().amqp().connect("ctl-it");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(workQueue, true, false, false, null);
            channel.queueDeclare(parkingLot, true, false, false, null);
            channel.confirmSelect();
            channel.basicPublish(
                    "",
                    parkingLot,
                    parkedMessage(UUID.randomUUID().toString(), Instant.now()),
                    "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            try {
                Run requeue = ctl(Map.of(Subscription.QUEUE_VARIABLE, workQueue), "parked", "requeue", "--all");

                assertThat(requeue.exit()).isEqualTo(1);
                assertThat(requeue.err())
                        .contains("the exchange " + SubscriberQueues.copiesExchange(workQueue) + " that puts messages"
                                + " back in line does not exist");
                assertThat(depth(parkingLot))
                        .as("the parked message is still parked")
                        .isEqualTo(1);
            } finally {
                channel.queueDelete(parkingLot);
                channel.queueDelete(workQueue);
            }
        }
    }

    @Test
    void aParkedEventOlderThanTheDedupWindowIsRefusedUnlessForcedAndBothAreAudited() throws Exception {
        String workQueue = "it.ctl.old." + UUID.randomUUID();
        String parkingLot = SubscriberQueues.parkingLot(workQueue);
        String parked = UUID.randomUUID().toString();
        Map<String, String> oneHourWindow = Map.of(
                Subscription.QUEUE_VARIABLE,
                workQueue,
                "WORKER_RETENTION_HOURS",
                "1",
                "OUTBOX_OPERATOR",
                "it-operator");
        try (Connection connection = TestEnvironment.get().amqp().connect("ctl-it");
                Channel channel = connection.createChannel()) {
            CtlProcess.declareAsItsWorker(channel, workQueue, Map.of());
            channel.confirmSelect();
            channel.basicPublish(
                    "",
                    parkingLot,
                    parkedMessage(parked, Instant.now().minus(Duration.ofHours(2))),
                    "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            try {
                Run refused = ctl(oneHourWindow, "parked", "requeue", "--all");
                long parkedAfterRefusal = depth(parkingLot);
                Run forced = ctl(oneHourWindow, "parked", "requeue", "--all", "--force");

                assertThat(refused.exit()).isEqualTo(1);
                assertThat(refused.out())
                        .contains("refused: 1 of the selected events were created more than WORKER_RETENTION_HOURS=1 h"
                                + " ago")
                        .contains("--force sends them anyway");
                assertThat(parkedAfterRefusal).as("nothing moved").isEqualTo(1);
                assertThat(forced.exit()).as(forced.err()).isZero();
                assertThat(forced.out()).contains("requeued " + parked);
                assertThat(depth(workQueue)).isEqualTo(1);
                assertThat(depth(parkingLot)).isZero();
                assertThat(ctl("audit", "--limit", "10").out())
                        .containsPattern("it-operator via cli +parked\\.requeue +all +-> refused: matched 1, moved 0")
                        .containsPattern(
                                "it-operator via cli +parked\\.requeue +all +\\(forced\\) +-> done: matched 1, moved 1");
            } finally {
                channel.queueDelete(parkingLot);
                channel.queueDelete(workQueue);
                channel.exchangeDelete(SubscriberQueues.copiesExchange(workQueue));
            }
        }
    }

    @Test
    void twoRequeuesOfTheSameParkedMessagesAtOnceMoveEachMessageOnce() throws Exception {
        String workQueue = "it.ctl.twice." + UUID.randomUUID();
        String parkingLot = SubscriberQueues.parkingLot(workQueue);
        int parked = 300;
        Map<String, String> env = Map.of(Subscription.QUEUE_VARIABLE, workQueue);
        try (Connection connection = TestEnvironment.get().amqp().connect("ctl-it");
                Channel channel = connection.createChannel()) {
            CtlProcess.declareAsItsWorker(channel, workQueue, Map.of());
            channel.confirmSelect();
            for (int i = 0; i < parked; i++) {
                channel.basicPublish(
                        "",
                        parkingLot,
                        parkedMessage(UUID.randomUUID().toString(), Instant.now()),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
            try {
                CompletableFuture<Run> first = CompletableFuture.supplyAsync(() -> requeueAll(env));
                CompletableFuture<Run> second = CompletableFuture.supplyAsync(() -> requeueAll(env));
                long moved = movedBy(first.get()) + movedBy(second.get());

                assertThat(moved).as("moved by the two").isEqualTo(parked);
                assertThat(depth(workQueue))
                        .as("one copy of each in the work queue")
                        .isEqualTo(parked);
                assertThat(depth(parkingLot)).isZero();
            } finally {
                channel.queueDelete(parkingLot);
                channel.queueDelete(workQueue);
                channel.exchangeDelete(SubscriberQueues.copiesExchange(workQueue));
            }
        }
    }

    private static Run requeueAll(Map<String, String> env) {
        try {
            return ctl(env, "parked", "requeue", "--all");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The count of "requeued N of M matching parked messages". */
    private static long movedBy(Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        Matcher requeued = Pattern.compile("requeued (\\d+) of \\d+ matching").matcher(run.out());
        assertThat(requeued.find()).as(run.out()).isTrue();
        return Long.parseLong(requeued.group(1));
    }

    /** A message as the worker parks it: with the outbox row's creation time in its headers. */
    private static AMQP.BasicProperties parkedMessage(String id, Instant createdAt) {
        return new AMQP.BasicProperties.Builder()
                .messageId(id)
                .type("CustomerCreated")
                .deliveryMode(2)
                .headers(Map.of(MessageHeaders.CREATED_AT_MICROS, MessageHeaders.createdAtMicros(createdAt)))
                .build();
    }

    @Test
    void badArgumentsAndUnreachableServersExitNonZeroWithAMessage() throws Exception {
        Run noSelection = ctl("republish");
        assertThat(noSelection.exit()).isEqualTo(2);
        assertThat(noSelection.err()).contains("Missing required");

        Run badTime = ctl("republish", "--from", "yesterday", "--to", "2026-01-01T00:00:00Z");
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err()).contains("'yesterday' is not a UTC time like 2026-11-28T10:00:00Z");

        Run backwards = ctl("republish", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z");
        assertThat(backwards.exit()).isEqualTo(2);
        assertThat(backwards.err()).contains("--from must be before --to");

        assertThat(ctl("parked", "requeue").exit()).isEqualTo(2);

        Run unknownId = ctl("republish", "--id", UUID.randomUUID().toString());
        assertThat(unknownId.exit()).isEqualTo(1);
        assertThat(unknownId.out()).contains("not in the outbox");

        Run databaseDown = ctl(Map.of("DB_PORT", "1"), "status");
        assertThat(databaseDown.exit()).isEqualTo(1);
        assertThat(databaseDown.err()).contains("outboxctl status: failed:");
    }

    private static long directoryVersion(String id) {
        return db.count("SELECT COALESCE(MAX(version), 0) FROM " + schema + ".customer_directory WHERE id = ?", id);
    }

    private static long welcomeEmails(List<String> ids) {
        return ids.stream()
                .mapToLong(
                        id -> db.count("SELECT COUNT(*) FROM " + schema + ".welcome_emails WHERE customer_id = ?", id))
                .sum();
    }

    private static long duplicates() {
        return db.count("SELECT COALESCE(SUM(duplicates), 0) FROM " + schema + ".processed_messages");
    }

    private static long depth(String queue) throws Exception {
        try (Connection connection = TestEnvironment.get().amqp().connect("ctl-it");
                Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
