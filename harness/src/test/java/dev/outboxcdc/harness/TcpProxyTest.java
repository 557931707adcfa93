package dev.outboxcdc.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's faults, on real loopback sockets in front of an echo server. */
class TcpProxyTest {
    private ServerSocket echo;
    private final AtomicInteger serverSawEnd = new AtomicInteger();
    private TcpProxy proxy;

    @BeforeEach
    void anEchoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket connection = echo.accept();
                    Thread copier = new Thread(() -> echoUntilEnd(connection));
                    copier.setDaemon(true);
                    copier.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = new TcpProxy("127.0.0.1", echo.getLocalPort());
    }

    private void echoUntilEnd(Socket connection) {
        try (connection;
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream()) {
            in.transferTo(out);
            serverSawEnd.incrementAndGet();
        } catch (IOException e) {
            serverSawEnd.incrementAndGet();
        }
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void aSlowLinkDelaysEachRoundTripButNotPipelinedRequests() throws IOException {
        try (Socket client = connect()) {
            long fast = roundTrips(client, 1, 1);
            proxy.slow(Duration.ofMillis(200), Duration.ofMillis(100));
            long slow = roundTrips(client, 1, 1);
            // 20 requests written before any answer is read: about one round trip, not twenty
            long pipelined = roundTrips(client, 20, 1);
            System.out.printf(
                    "round trip %d ms, slowed %d ms, 20 pipelined slowed %d ms; measured %s%n",
                    fast, slow, pipelined, proxy.delayMeasured());

            assertThat(slow).isGreaterThanOrEqualTo(100); // 200 ms - 100 ms of jitter, at least
            assertThat(pipelined).isLessThan(20 * 100);
            assertThat(proxy.delayMeasured().chunks()).isPositive();
            assertThat(proxy.delayMeasured().meanOneWay()).isGreaterThanOrEqualTo(Duration.ofMillis(50));

            proxy.heal();
            long healed = roundTrips(client, 1, 1);
            assertThat(healed).isLessThan(slow);
        }
    }

    @Test
    void aBandwidthCapPacesWhatPasses() throws IOException {
        try (Socket client = connect()) {
            proxy.limitBandwidth(64 * 1024);
            long millis = roundTrips(client, 1, 128 * 1024);
            System.out.printf("128 KiB there and back at 64 KiB/s each way: %d ms%n", millis);
            // each way paced on its own, a read of up to 8 KiB at a time: at least 120 KiB's 1.875 s
            assertThat(millis).isGreaterThanOrEqualTo(1_875);
        }
    }

    @Test
    void aResetBreaksOpenConnectionsAndAcceptsNewOnes() throws IOException {
        Socket client = connect();
        roundTrips(client, 1, 1);

        proxy.reset();

        assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        roundTrips(client, 1, 1);
                    }
                })
                .isInstanceOf(IOException.class);
        client.close();
        try (Socket again = connect()) {
            roundTrips(again, 1, 1);
        }
    }

    @Test
    void aFrozenConnectionPassesNothingAndNotEvenItsEnd() throws Exception {
        Socket client = connect();
        roundTrips(client, 1, 1);

        proxy.freezeOpenConnections();
        client.getOutputStream().write(new byte[] {1, 2, 3});
        client.setSoTimeout(500);
        assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.bytesFrozen() == 3);
        client.close();
        try (Socket another = connect()) {
            roundTrips(another, 1, 1); // new connections pass
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> serverSawEnd.get() == 1); // the new one's end
        // The closed client's end never reached the server: its session stays, as a ghost does.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> serverSawEnd.get() == 1);

        proxy.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> serverSawEnd.get() == 2);
    }

    @Test
    void wrongSettingsAreRefused() {
        assertThatThrownBy(() -> proxy.slow(Duration.ofMillis(100), Duration.ofMillis(200)))
                .hasMessageContaining("jitter at most the latency");
        assertThatThrownBy(() -> proxy.limitBandwidth(-1)).hasMessageContaining("0 (no cap) or more");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Writes {@code requests} of {@code size} bytes, then reads their echoes; the milliseconds it took. */
    private static long roundTrips(Socket client, int requests, int size) throws IOException {
        long started = System.nanoTime();
        OutputStream out = client.getOutputStream();
        for (int i = 0; i < requests; i++) {
            out.write(new byte[size]);
        }
        out.flush();
        new DataInputStream(client.getInputStream()).readFully(new byte[requests * size]);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
