package dev.outboxcdc.api.customer;

/** A customer with this email exists already; nothing was written. */
public final class DuplicateEmailException extends RuntimeException {
    public DuplicateEmailException(String email) {
        super("A customer with email " + email + " already exists");
    }
}
