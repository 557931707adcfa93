package dev.outboxcdc.api.customer;

import org.jspecify.annotations.Nullable;

/** A customer with this email exists already; nothing was written. */
public final class DuplicateEmailException extends RuntimeException {
    public DuplicateEmailException(@Nullable String email) {
        super("A customer with email " + email + " already exists");
    }
}
