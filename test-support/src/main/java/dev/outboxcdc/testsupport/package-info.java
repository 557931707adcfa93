/**
 * What only the tests need on top of {@code dev.outboxcdc.harness}: MySQL 8.4 and RabbitMQ in
 * Testcontainers where a Docker engine answers ({@code ContainerInfrastructure}, also the harness's
 * fallback when the project's own servers do not answer), and queues of a test's own that record
 * what arrives ({@code TestQueue}).
 */
package dev.outboxcdc.testsupport;
