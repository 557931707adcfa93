package dev.outboxcdc.support.config;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A part of the project that reads environment variables: who a {@link Setting} is for. A service's
 * own database user (its {@code DB_USER} default) and that user's local-development password are
 * named here, once.
 */
public enum Component {
    API("api", "outbox_api", "api-secret"),
    RELAY("relay", "outbox_relay", "relay-secret"),
    WORKER("worker", "outbox_worker", "worker-secret"),
    OUTBOXCTL("outboxctl", "outbox_ctl", "ctl-secret"),
    CONSOLE("outboxctl serve", "outbox_ctl", "ctl-secret"),
    TOOLS("bench, chaos, load test, tests", null, null),
    SCRIPTS("make, scripts", null, null);

    private final String label;
    private final @Nullable String databaseUser;
    private final @Nullable String devPassword;

    Component(String label, @Nullable String databaseUser, @Nullable String devPassword) {
        this.label = label;
        this.databaseUser = databaseUser;
        this.devPassword = devPassword;
    }

    /** As docs/CONFIGURATION.md names it. */
    public String label() {
        return label;
    }

    /** Its own least-privilege database user ({@code DB_USER}'s default); the tools have none. */
    public Optional<String> databaseUser() {
        return Optional.ofNullable(databaseUser);
    }

    /** That user's password with {@code OUTBOX_ENV=dev} ({@code DB_PASSWORD}'s development default). */
    public Optional<String> devPassword() {
        return Optional.ofNullable(devPassword);
    }
}
