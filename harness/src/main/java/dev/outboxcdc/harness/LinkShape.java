package dev.outboxcdc.harness;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How slow a {@link TcpProxy}'s link is: the delay each read waits on its way (half a round trip's
 * latency, spread by the jitter) and the bytes per second each connection may pass, each way; and
 * what the delayed reads really waited. Thread-safe: set by a test, read by the proxy's threads.
 */
final class LinkShape {
    /** One way's added delay, in nanoseconds: half the round trip's latency and jitter. */
    private volatile long delayNanos;

    private volatile long jitterNanos;
    /** Bytes per second each way, per connection; 0: no cap. */
    private volatile long bytesPerSecond;

    private final AtomicLong chunksDelayed = new AtomicLong();
    private final AtomicLong nanosDelayed = new AtomicLong();

    void slow(Duration latency, Duration jitter) {
        if (latency.isNegative() || jitter.isNegative() || jitter.compareTo(latency) > 0) {
            throw new IllegalArgumentException(
                    "latency " + latency + " and jitter " + jitter + ": both positive, jitter at most the latency");
        }
        jitterNanos = jitter.toNanos() / 2;
        delayNanos = latency.toNanos() / 2;
    }

    void limitBandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytes per second must be 0 (no cap) or more: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** No latency, no cap. */
    void clear() {
        delayNanos = 0;
        jitterNanos = 0;
        bytesPerSecond = 0;
    }

    /** Whether a read is delayed or paced at all. */
    boolean shaped() {
        return delayNanos != 0 || bytesPerSecond != 0;
    }

    /** The delay of the next read, one way: the latency's half, give or take the jitter's. */
    long nextDelayNanos() {
        long delay = delayNanos;
        long jitter = jitterNanos;
        if (delay == 0) {
            return 0;
        }
        return jitter == 0 ? delay : delay + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
    }

    /** A delayed read that waited {@code nanos} in the line, from its read to its write. */
    void delayed(long nanos) {
        chunksDelayed.incrementAndGet();
        nanosDelayed.addAndGet(nanos);
    }

    TcpProxy.DelayMeasured measured() {
        long chunks = chunksDelayed.get();
        return new TcpProxy.DelayMeasured(
                chunks, chunks == 0 ? Duration.ZERO : Duration.ofNanos(nanosDelayed.get() / chunks));
    }

    /** Paces a writer so that {@code bytes} take at least their share of a second at the cap. */
    void awaitBandwidth(int bytes, long startedNanos) throws InterruptedException {
        long cap = bytesPerSecond;
        if (cap > 0) {
            long owed = bytes * 1_000_000_000L / cap - (System.nanoTime() - startedNanos);
            if (owed > 0) {
                TimeUnit.NANOSECONDS.sleep(owed);
            }
        }
    }
}
