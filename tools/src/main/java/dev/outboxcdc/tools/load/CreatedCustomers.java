package dev.outboxcdc.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** The customers a run created (their {@code Location} paths), for its updates to pick from. Thread-safe. */
final class CreatedCustomers {
    private final List<String> paths = new ArrayList<>();

    synchronized void add(String path) {
        paths.add(path);
    }

    /** A random one, or null before the first create. */
    synchronized @Nullable String any() {
        return paths.isEmpty() ? null : paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
    }
}
