package dev.outboxcdc.tools.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes a service's {@code /health/ready} from the moment of a fault, as an orchestrator would:
 * when it first answered 503 and when it was 200 again after that.
 */
final class ReadinessWatch {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** How a service's readiness followed the fault: both empty if it never turned unready. */
    record Course(Optional<Duration> unready, Optional<Duration> readyAgain) {
        String describe(String service) {
            return unready.map(down -> String.format(
                            "%s unready after %.1f s, %s",
                            service,
                            down.toMillis() / 1000.0,
                            readyAgain
                                    .map(up -> String.format("ready again at %.1f s", up.toMillis() / 1000.0))
                                    .orElse("never ready again")))
                    .orElse(service + " never unready");
        }
    }

    private ReadinessWatch() {}

    /** Starts probing now, every 100 ms, until the service is ready again after being unready, or {@code limit}. */
    static CompletableFuture<Course> start(URI ready, Duration limit) {
        long started = System.nanoTime();
        return CompletableFuture.supplyAsync(
                () -> {
                    Optional<Duration> unready = Optional.empty();
                    try {
                        while (System.nanoTime() - started < limit.toNanos()) {
                            boolean up = status(ready) == 200;
                            Duration at = Duration.ofNanos(System.nanoTime() - started);
                            if (!up && unready.isEmpty()) {
                                unready = Optional.of(at);
                            } else if (up && unready.isPresent()) {
                                return new Course(unready, Optional.of(at));
                            }
                            TimeUnit.MILLISECONDS.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Course(unready, Optional.empty());
                },
                task -> {
                    // A thread of its own: the common pool (one thread on two cores) runs the load generator.
                    Thread watcher = new Thread(task, "readiness-watch");
                    watcher.setDaemon(true);
                    watcher.start();
                });
    }

    private static int status(URI uri) throws InterruptedException {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0; // not answering at all: unready too
        }
    }
}
