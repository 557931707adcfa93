/**
 * outboxctl, the operator's CLI (picocli): one sub-package per command ({@code status},
 * {@code parked}, {@code unrouted}, {@code republish}), configured by the services' own
 * environment variables. Every move takes a message from its queue only after its copy was
 * confirmed and routed where it went, so a crash can double a message, never lose one.
 */
package dev.outboxcdc.ctl;
