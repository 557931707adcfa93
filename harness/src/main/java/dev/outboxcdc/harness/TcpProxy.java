package dev.outboxcdc.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can cut, to put a real network fault between a service and
 * its database or broker without stopping the shared server. {@link #cut()} refuses new
 * connections and breaks the open ones; {@link #restore()} accepts again. {@link #holdReplies()}
 * keeps the connections open but stops passing what the server sends (e.g. the broker's publisher
 * confirms), counting the bytes held back. {@link #freezeOpenConnections()} makes the connections
 * open at that moment half-open, as a NAT or load balancer that forgot their flows does: both
 * sockets stay open and nothing passes either way, while new connections pass.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;
    private final Object replies = new Object();
    private boolean holdingReplies;
    private long bytesHeld;
    private volatile byte[] holdAfter;
    private final Object frozen = new Object();
    /** Connections are numbered as accepted; those numbered up to this one pass nothing. */
    private long frozenUpTo = -1;

    private long accepted;
    private long bytesFrozen;

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

    /** From now on, what the server sends is held back (not passed to the client) until {@link #releaseReplies()}. */
    public void holdReplies() {
        synchronized (replies) {
            holdingReplies = true;
        }
    }

    /**
     * Holds the server's replies from the moment the client sends {@code marker} (ASCII, e.g. the
     * {@code COMMIT} of a SQL client): the server receives and executes that request, but its answer,
     * and everything after, never reaches the client until released or cut.
     */
    public void holdRepliesOnceClientSends(String marker) {
        holdAfter = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public void releaseReplies() {
        synchronized (replies) {
            holdingReplies = false;
            replies.notifyAll();
        }
    }

    /** Bytes the server sent while replies were held, none of which reached the client. */
    public long bytesHeld() {
        synchronized (replies) {
            return bytesHeld;
        }
    }

    /** The connections open now pass nothing more, either way, and stay open; new ones pass. */
    public void freezeOpenConnections() {
        synchronized (frozen) {
            frozenUpTo = accepted - 1;
        }
    }

    /** Bytes the frozen connections received, either way, and did not pass on: proof the freeze held something. */
    public long bytesFrozen() {
        synchronized (frozen) {
            return bytesFrozen;
        }
    }

    /** Frozen connections pass again what they hold and what follows. */
    public void thaw() {
        synchronized (frozen) {
            frozenUpTo = -1;
            frozen.notifyAll();
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
                        try {
                            Socket client = listening.accept();
                            Socket upstream = new Socket(targetHost, targetPort);
                            open.add(client);
                            open.add(upstream);
                            long number;
                            synchronized (frozen) {
                                number = accepted++;
                            }
                            pipe(client, upstream, false, number);
                            pipe(upstream, client, true, number);
                        } catch (IOException e) {
                            return; // listening socket closed by cut() or close()
                        }
                    }
                },
                "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pipe(Socket from, Socket to, boolean fromServer, long connection) {
        Thread copier = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        byte[] buffer = new byte[8192];
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            awaitThawed(connection, from, read);
                            if (fromServer) {
                                awaitRepliesReleased(read);
                            } else {
                                holdRepliesIfMarked(buffer, read);
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the other side or cut() closed the connection: the copy ends with it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pipe-" + port);
        copier.setDaemon(true);
        copier.start();
    }

    private void holdRepliesIfMarked(byte[] buffer, int length) {
        byte[] marker = holdAfter;
        if (marker != null && indexOf(buffer, length, marker) >= 0) {
            holdAfter = null;
            holdReplies();
        }
    }

    private static int indexOf(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int start = 0; start <= length - marker.length; start++) {
            for (int i = 0; i < marker.length; i++) {
                if (buffer[start + i] != marker[i]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }

    private void awaitThawed(long connection, Socket from, int bytes) throws InterruptedException {
        synchronized (frozen) {
            if (connection <= frozenUpTo) {
                bytesFrozen += bytes;
            }
            while (connection <= frozenUpTo && !from.isClosed()) {
                frozen.wait(1_000);
            }
        }
    }

    private void awaitRepliesReleased(int bytes) throws InterruptedException {
        synchronized (replies) {
            if (holdingReplies) {
                bytesHeld += bytes;
            }
            while (holdingReplies) {
                replies.wait();
            }
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
