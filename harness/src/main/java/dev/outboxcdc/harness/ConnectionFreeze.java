package dev.outboxcdc.harness;

/**
 * A {@link TcpProxy}'s half-open fault: the connections open when it froze them pass nothing more,
 * either way, and stay open, while those accepted later pass. Connections are numbered as accepted;
 * those numbered up to the freeze's mark are frozen. Thread-safe.
 */
final class ConnectionFreeze {
    private long accepted;
    /** Connections numbered up to this one pass nothing. */
    private long frozenUpTo = -1;

    private long bytesFrozen;

    /** The number of a connection just accepted. */
    synchronized long nextNumber() {
        return accepted++;
    }

    synchronized long accepted() {
        return accepted;
    }

    synchronized void freezeOpen() {
        frozenUpTo = accepted - 1;
    }

    synchronized void thaw() {
        frozenUpTo = -1;
        notifyAll();
    }

    synchronized boolean frozen(long connection) {
        return connection <= frozenUpTo;
    }

    synchronized long bytesFrozen() {
        return bytesFrozen;
    }

    /** Counts {@code bytes} a frozen connection received and will not pass on. */
    synchronized void countIfFrozen(long connection, int bytes) {
        if (connection <= frozenUpTo) {
            bytesFrozen += bytes;
        }
    }

    /**
     * While the connection is frozen, even after either end closed its socket: a flow a NAT forgot
     * carries no FIN either, so the server keeps the session (and what it holds) until thawed or cut.
     */
    synchronized void awaitThawed(long connection) throws InterruptedException {
        while (connection <= frozenUpTo) {
            wait();
        }
    }
}
