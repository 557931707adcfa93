package dev.outboxcdc.harness;

import java.util.Map;

/**
 * A database and broker to start when the project's own do not answer: Testcontainers, found by
 * {@link java.util.ServiceLoader} where test-support is on the class path (the tests), absent from
 * the measuring tools (they run against {@code make infras}).
 */
public interface FallbackInfrastructure {

    /** Whether it can start anything here (a Docker engine answers). */
    boolean available();

    /** Starts it once per JVM; returns the environment variables pointing at it ({@code DB_HOST}, {@code DB_PORT}, {@code AMQP_URI}). */
    Map<String, String> start();
}
