/**
 * Where the tests and the measuring tools find real servers ({@code TestEnvironment}: the
 * project's own database instance and RabbitMQ, or Testcontainers where Docker answers), and how
 * they drive them: services as OS processes ({@code ServiceProcess}), scratch databases, queues of
 * their own, TCP proxies that cut or hold connections.
 */
package dev.outboxcdc.testsupport;
