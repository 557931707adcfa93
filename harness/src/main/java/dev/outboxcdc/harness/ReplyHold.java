package dev.outboxcdc.harness;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TcpProxy}'s hold on what the server sends: while held, replies are not passed to the
 * client (the server still receives and executes its requests), and the bytes held are counted.
 * A hold can start by itself once the client sends a marker (e.g. the {@code COMMIT} of a SQL
 * client). Thread-safe.
 */
final class ReplyHold {
    private boolean holding;
    private long bytesHeld;
    private volatile byte @Nullable [] holdAfter;

    synchronized void hold() {
        holding = true;
    }

    void holdOnceClientSends(String marker) {
        holdAfter = marker.getBytes(StandardCharsets.US_ASCII);
    }

    synchronized void release() {
        holding = false;
        notifyAll();
    }

    synchronized long bytesHeld() {
        return bytesHeld;
    }

    /** Whether replies are held, or will be once the client sends the marker. */
    synchronized boolean active() {
        return holding || holdAfter != null;
    }

    /** What the client sent: starts the hold if it carries the marker. */
    void clientSent(byte[] buffer, int length) {
        byte[] marker = holdAfter;
        if (marker != null && indexOf(buffer, length, marker) >= 0) {
            holdAfter = null;
            hold();
        }
    }

    /** Until replies are released, counting {@code bytes} as held if they are. */
    synchronized void awaitReleased(int bytes) throws InterruptedException {
        if (holding) {
            bytesHeld += bytes;
        }
        while (holding) {
            wait();
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
}
