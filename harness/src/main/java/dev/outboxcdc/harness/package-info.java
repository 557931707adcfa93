/**
 * What the tests and the measuring tools ({@code make bench}, {@code make chaos}) share at run
 * time: where the real servers are ({@code TestEnvironment}: the project's own database instance
 * and RabbitMQ), and how to drive them: services as OS processes ({@code ServiceProcess}), scratch
 * databases, TCP proxies that cut or hold connections, metric scrapes. No test framework and no
 * Testcontainers: those are test-support's.
 */
package dev.outboxcdc.harness;
