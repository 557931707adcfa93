/**
 * The measuring tools: {@code make loadtest} ({@code load} generates requests, {@code verify}
 * checks in the database that every event had exactly one effect, {@code report} writes the JSON
 * and HTML reports), {@code make bench} ({@code bench}: raw ceilings, CDC against polling, cost per
 * event) and {@code make chaos} ({@code chaos}: faults under load, recovery measured from outside
 * the services).
 */
package dev.outboxcdc.tools;
