package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import dev.outboxcdc.support.tls.TlsFailures;
import java.util.Optional;

/**
 * Why the broker refused a service's start ({@link AmqpSettings#declareAtStartup}), as one line
 * naming what to fix: a user or password it does not know, a permission the user lacks, a TLS
 * handshake that failed. Empty when the broker may just not answer yet, or the event exchange is
 * not there yet: the service's reconnect loop waits for those.
 */
final class StartupRefusal {
    private StartupRefusal() {}

    static Optional<String> explain(AmqpSettings amqp, Exception failure) {
        String uri = AmqpSettings.URI_VARIABLE;
        if (failure instanceof EventExchangeMissingException) {
            return Optional.empty();
        }
        if (failure instanceof AuthenticationFailureException) {
            return Optional.of("The broker refused the user of " + uri + " (" + amqp.redacted() + "): "
                    + failure.getMessage() + " Check the user and password in " + uri + " (or " + uri + "_FILE)");
        }
        Optional<String> refused = accessRefused(failure);
        if (refused.isPresent()) {
            return Optional.of("The broker refused what this service declares at start, as the user of " + uri
                    + " (" + amqp.redacted() + "): " + refused.get()
                    + "; give that user the permissions of its service (docs/OPERATIONS.md, \"Broker users\")");
        }
        return TlsFailures.explain(
                failure,
                "the broker at " + amqp.redacted(),
                uri,
                amqp.addresses().get(0).getHost(),
                amqp.tlsCa(),
                AmqpSettings.TLS_CA_VARIABLE,
                uri);
    }

    /** The broker's reply when it refused an operation to this user (ACCESS_REFUSED, 403). */
    static Optional<String> accessRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && String.valueOf(signal.getMessage()).contains("ACCESS_REFUSED")) {
                String text = String.valueOf(signal.getMessage());
                int start = text.indexOf("reply-text=");
                return Optional.of(
                        start < 0
                                ? text
                                : text.substring(start + "reply-text=".length()).replaceFirst(",.*$", ""));
            }
        }
        return Optional.empty();
    }
}
