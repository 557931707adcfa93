package dev.outboxcdc.support.errors;

/** What a log line or a reason says of an exception, never null. */
public final class ErrorMessages {
    private ErrorMessages() {}

    /**
     * The first message on the cause chain (a channel error's reason hides in the cause), else the
     * exception's simple class name.
     */
    public static String of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null) {
                return message;
            }
        }
        return error.getClass().getSimpleName();
    }
}
