package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseServer;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the test database, with a server address where nothing listens (a dead primary) in the list. */
class WritableServerIT {
    private final DatabaseSettings database = TestEnvironment.get().admin();
    private final DatabaseFlavor flavor = database.resolveFlavor();

    @Test
    void aDeadServerFirstInTheListIsPassedOverForTheWritableOneBehindIt() throws IOException {
        DatabaseServer dead = new DatabaseServer("127.0.0.1", portWhereNothingListens());
        DatabaseServer live = new DatabaseServer(database.host(), database.port());
        DatabaseSettings list = new DatabaseSettings(
                dead.host(),
                dead.port(),
                database.database(),
                database.user(),
                database.password(),
                database.flavor(),
                database.tls(),
                database.jdbcParameters(),
                List.of(live));

        WritableServer.Found found = WritableServer.find(list, flavor);

        assertThat(found.server()).contains(list.on(live));
        assertThat(found.passedOver()).singleElement().asString().startsWith(dead + " does not answer");
    }

    @Test
    void withNoWritableServerInTheListItSaysWhyForEach() throws IOException {
        DatabaseServer dead = new DatabaseServer("127.0.0.1", portWhereNothingListens());
        DatabaseSettings list = new DatabaseSettings(
                dead.host(),
                dead.port(),
                database.database(),
                database.user(),
                database.password(),
                database.flavor(),
                database.tls(),
                database.jdbcParameters(),
                List.of(dead));

        WritableServer.Found found = WritableServer.find(list, flavor);

        assertThat(found.server()).isEmpty();
        assertThat(found.passedOver())
                .hasSize(2)
                .allSatisfy(reason -> assertThat(reason).contains("does not answer"));
    }

    @Test
    void withoutFailoverServersTheOneServerIsTheAnswerUnasked() {
        DatabaseSettings nowhere = new DatabaseSettings(
                "127.0.0.1",
                1,
                database.database(),
                database.user(),
                database.password(),
                database.flavor(),
                database.tls(),
                database.jdbcParameters());

        assertThat(WritableServer.find(nowhere, flavor).server()).contains(nowhere);
    }

    private static int portWhereNothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
