package dev.outboxcdc.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder that puts real network faults between a service and its database or
 * broker without touching the shared server, switchable while traffic flows:
 *
 * <ul>
 *   <li>{@link #cut()} refuses new connections and breaks the open ones; {@link #restore()} accepts again;
 *   <li>{@link #reset()} breaks the open connections with a TCP reset and keeps accepting;
 *   <li>{@link #slow(Duration, Duration)} adds latency with jitter, {@link #limitBandwidth(long)} caps
 *       the bytes per second, each way; {@link #heal()} ends every fault;
 *   <li>{@link #freezeOpenConnections()} makes the connections open at that moment half-open, as a
 *       NAT or load balancer that forgot their flows does: both sockets stay open and nothing passes
 *       either way, while new connections pass;
 *   <li>{@link #holdReplies()} keeps the connections open but stops passing what the server sends
 *       (e.g. the broker's publisher confirms), counting the bytes held back.
 * </ul>
 *
 * Each direction of a connection is a delay line: a reader takes what arrives and stamps when it
 * may leave, a writer passes it on at that moment. So a slow link delays every byte without
 * serializing them: a client that pipelines still has many requests in flight, as on a real WAN.
 * The line holds at most {@value #LINE_CHUNKS} reads; past that the reader stops reading and TCP's
 * own flow control pushes back on the sender, as a congested path does. The faults' state lives in
 * {@link LinkShape} (latency, cap), {@link ReplyHold} and {@link ConnectionFreeze}; this class moves
 * the bytes.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int LINE_CHUNKS = 64;
    private static final int CHUNK_BYTES = 8192;
    private static final Chunk END = new Chunk(new byte[0], 0, 0, 0, 0);

    @SuppressWarnings("ReferenceEquality") // END is a sentinel: that one instance, not a value
    private static boolean isEnd(Chunk chunk) {
        return chunk == END;
    }

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;
    private final LinkShape shape = new LinkShape();
    private final ReplyHold replies = new ReplyHold();
    private final ConnectionFreeze freeze = new ConnectionFreeze();
    private final AtomicLong bytesPassed = new AtomicLong();

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** The server this proxy forwards to, as {@code host:port}. */
    public String target() {
        return targetHost + ":" + targetPort;
    }

    /**
     * From now on each round trip through the proxy takes about {@code latency} ± {@code jitter}
     * longer: every read waits half of that, uniformly spread, on its way in each direction, never
     * overtaking the read before it (TCP keeps order).
     */
    public void slow(Duration latency, Duration jitter) {
        shape.slow(latency, jitter);
    }

    /** Caps what each connection passes to {@code bytesPerSecond} each way; 0 lifts the cap. */
    public void limitBandwidth(long bytesPerSecond) {
        shape.limitBandwidth(bytesPerSecond);
    }

    /** Reads that waited for an added delay ({@link #slow}) and the mean of what they waited, each way. */
    public DelayMeasured delayMeasured() {
        return shape.measured();
    }

    /** What {@link #delayMeasured()} counted: {@code chunks} delayed by {@code meanOneWay} on average. */
    public record DelayMeasured(long chunks, Duration meanOneWay) {}

    /** Bytes passed on, either way, since the proxy started. */
    public long bytesPassed() {
        return bytesPassed.get();
    }

    /** No latency, no bandwidth cap, nothing frozen or held: the link as it was. */
    public void heal() {
        shape.clear();
        thaw();
        releaseReplies();
    }

    /** From now on, what the server sends is held back (not passed to the client) until {@link #releaseReplies()}. */
    public void holdReplies() {
        replies.hold();
    }

    /**
     * Holds the server's replies from the moment the client sends {@code marker} (ASCII, e.g. the
     * {@code COMMIT} of a SQL client): the server receives and executes that request, but its answer,
     * and everything after, never reaches the client until released or cut.
     */
    public void holdRepliesOnceClientSends(String marker) {
        replies.holdOnceClientSends(marker);
    }

    public void releaseReplies() {
        replies.release();
    }

    /** Bytes the server sent while replies were held, none of which reached the client. */
    public long bytesHeld() {
        return replies.bytesHeld();
    }

    /** The connections open now pass nothing more, either way, and stay open; new ones pass. */
    public void freezeOpenConnections() {
        freeze.freezeOpen();
    }

    /** Connections accepted since the proxy started: after a freeze, more of them means a client connected again. */
    public long connectionsAccepted() {
        return freeze.accepted();
    }

    /** Bytes the frozen connections received, either way, and did not pass on: proof the freeze held something. */
    public long bytesFrozen() {
        return freeze.bytesFrozen();
    }

    /** Frozen connections pass again what they hold and what follows. */
    public void thaw() {
        freeze.thaw();
    }

    /** Breaks every open connection with a TCP reset (RST) to both ends; new connections pass. */
    public void reset() {
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed meanwhile: nothing to reset
            }
            closeQuietly(socket);
        }
    }

    public synchronized void cut() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
        releaseReplies();
        thaw();
    }

    /** Listens again on the same port; retries briefly while the cut connections finish closing. */
    public synchronized void restore() throws IOException, InterruptedException {
        if (!server.isClosed()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            try {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                server = again;
                accept(again);
                return;
            } catch (java.net.BindException e) {
                again.close();
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void accept(ServerSocket listening) {
        Thread acceptor = new Thread(
                () -> {
                    while (!listening.isClosed()) {
                        Socket client;
                        try {
                            client = listening.accept();
                        } catch (IOException e) {
                            return; // listening socket closed by cut() or close()
                        }
                        try {
                            Socket upstream = new Socket(targetHost, targetPort);
                            open.add(client);
                            open.add(upstream);
                            long number = freeze.nextNumber();
                            pipe(client, upstream, false, number);
                            pipe(upstream, client, true, number);
                        } catch (IOException e) {
                            // the server is down: the client sees its connection closed, as it would
                            closeQuietly(client);
                        }
                    }
                },
                "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** What a reader took from one side, when, and when the writer may pass it to the other. */
    @SuppressWarnings("ArrayRecordComponent") // a buffer passed along, never compared
    private record Chunk(byte[] bytes, int length, long readNanos, long addedNanos, long dueNanos) {}

    private void pipe(Socket from, Socket to, boolean fromServer, long connection) {
        BlockingQueue<Chunk> line = new ArrayBlockingQueue<>(LINE_CHUNKS);
        // Chunks in the line or being written: while there are none, and the link is as it was, the
        // reader passes what it read itself. A hand-off to the writer per read cost the chaos
        // suite's proxies a context switch each, and the stack behind them seconds of recovery.
        AtomicInteger queued = new AtomicInteger();
        Object order = new Object();
        String direction = fromServer ? "reply" : "request";
        Thread reader = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to.getOutputStream();
                        long lastDue = Long.MIN_VALUE;
                        byte[] buffer = new byte[CHUNK_BYTES];
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            freeze.countIfFrozen(connection, read);
                            if (passesStraight(connection)) {
                                synchronized (order) {
                                    if (queued.get() == 0) {
                                        pass(out, buffer, read, fromServer, connection);
                                        continue;
                                    }
                                }
                            }
                            queued.incrementAndGet();
                            long now = System.nanoTime();
                            long added = shape.nextDelayNanos();
                            // never before the read ahead of it: TCP keeps order
                            long due = Math.max(lastDue, now + added);
                            lastDue = due;
                            Chunk chunk = new Chunk(Arrays.copyOf(buffer, read), read, now, added, due);
                            while (!line.offer(chunk, 1, TimeUnit.SECONDS)) {
                                if (to.isClosed()) {
                                    return; // the writer gave up: nothing will take it
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the other side, reset() or cut() closed the connection: the copy ends with it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        line.offer(END);
                        closeQuietly(from);
                    }
                },
                "tcp-proxy-" + direction + "-in-" + port);
        Thread writer = new Thread(
                () -> {
                    try (OutputStream out = to.getOutputStream()) {
                        for (Chunk chunk = line.take(); !isEnd(chunk); chunk = poll(line, from)) {
                            awaitDue(chunk);
                            synchronized (order) {
                                pass(out, chunk.bytes(), chunk.length(), fromServer, connection);
                                queued.decrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        // as above
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        closeQuietly(to);
                        closeQuietly(from);
                    }
                },
                "tcp-proxy-" + direction + "-out-" + port);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Writes what was read, once the link lets it pass: thawed, replies released, within the bandwidth. */
    private void pass(OutputStream out, byte[] bytes, int length, boolean fromServer, long connection)
            throws IOException, InterruptedException {
        freeze.awaitThawed(connection);
        if (fromServer) {
            replies.awaitReleased(length);
        } else {
            replies.clientSent(bytes, length);
        }
        long started = System.nanoTime();
        out.write(bytes, 0, length);
        out.flush();
        bytesPassed.addAndGet(length);
        shape.awaitBandwidth(length, started);
    }

    /** Whether the link is as it was (no latency, cap, freeze or hold): a read may pass at once. */
    private boolean passesStraight(long connection) {
        return !shape.shaped() && !freeze.frozen(connection) && !replies.active();
    }

    /** The next chunk, or the end once the reading side is closed and nothing more will come. */
    private static Chunk poll(BlockingQueue<Chunk> line, Socket from) throws InterruptedException {
        for (; ; ) {
            Chunk next = line.poll(1, TimeUnit.SECONDS);
            if (next != null) {
                return next;
            }
            if (from.isClosed() && line.isEmpty()) {
                return END;
            }
        }
    }

    /** Until the chunk is due; a delayed one counts, with the time it really spent in the line. */
    private void awaitDue(Chunk chunk) throws InterruptedException {
        long wait = chunk.dueNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (chunk.addedNanos() > 0) {
            shape.delayed(System.nanoTime() - chunk.readNanos());
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
