package dev.outboxcdc.api.customer;

/** One invalid field of a request, named as the client sent it. */
public record FieldError(String field, String message) {}
