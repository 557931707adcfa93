package dev.outboxcdc.tools.bench;

/** A stage could not be measured or its verification failed: no table is printed, the bench exits non-zero. */
final class BenchFailedException extends RuntimeException {
    BenchFailedException(String message) {
        super(message);
    }

    BenchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
