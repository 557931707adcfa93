package dev.outboxcdc.tools.bench;

import dev.outboxcdc.harness.ServiceStack;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the stack's relay's resident memory every 500 ms (whichever relay runs) and keeps the peak. */
final class RssSampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    RssSampler(ServiceStack stack) {
        ScheduledFuture<?> unused = sampler.scheduleAtFixedRate(
                () -> {
                    if (stack.relay() != null && stack.relay().isAlive()) {
                        peak.accumulateAndGet(stack.relay().residentMegabytes(), Math::max);
                    }
                },
                0,
                500,
                TimeUnit.MILLISECONDS);
    }

    long peakMegabytes() {
        return peak.get();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
