package dev.outboxcdc.support.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What a refused TLS connection means, as one line naming the setting to fix. A certificate the
 * service does not trust, one that names another host, one that has expired, a server that wants
 * TLS from a client that spoke plaintext, or the reverse: none of these mends itself, so a service
 * that meets one at start stops with this line instead of retrying. The drivers say it in their own
 * words, wrapped several levels deep; the checks below read the whole chain of causes.
 */
public final class TlsFailures {
    private TlsFailures() {}

    /**
     * The line for {@code failure}, or empty when it is not a TLS refusal.
     *
     * @param link         what was connected to, e.g. "the database at localhost:3308"
     * @param hostVariable the setting that gives the host name connected to
     * @param host         that host name
     * @param ca           the CA file trusted, or empty for the JVM's trust store
     * @param caVariable   the setting that names a CA file
     * @param tlsVariable  the setting that turns TLS on
     */
    public static Optional<String> explain(
            Throwable failure,
            String link,
            String hostVariable,
            String host,
            Optional<TrustedCa> ca,
            String caVariable,
            String tlsVariable) {
        String messages = messages(failure);
        if (has(failure, CertificateExpiredException.class)
                || has(failure, CertificateNotYetValidException.class)
                || messages.contains("validity check failed")) {
            return Optional.of("TLS to " + link + " refused: the server's certificate has expired or is not valid"
                    + " yet; renew it on the server (" + caVariable + " names the CA it must be signed by)");
        }
        if (has(failure, SSLPeerUnverifiedException.class)
                || messages.contains("no subject alternative")
                || messages.contains("no name matching")
                || messages.contains("server identity verification failed")
                || messages.contains("doesn't correspond to certificate")
                || messages.contains("not verified")) {
            return Optional.of("TLS to " + link + " refused: the server's certificate does not name the host '"
                    + host + "' that " + hostVariable + " gives; set " + hostVariable
                    + " to a name the certificate holds");
        }
        if (has(failure, CertPathValidatorException.class)
                || messages.contains("unable to find valid certification path")
                || messages.contains("pkix path")) {
            return Optional.of("TLS to " + link + " refused: the server's certificate is not signed by a CA "
                    + ca.map(trusted -> "in " + trusted.named())
                            .orElse("of the JVM's trust store (" + caVariable + " is not set)")
                    + "; set " + caVariable + " to the CA that signed it");
        }
        if (messages.contains("insecure transport")) {
            return Optional.of("Plaintext to " + link + " refused: it accepts TLS connections only; set " + tlsVariable
                    + "=verify_full (and " + caVariable + " to its CA)");
        }
        // AMQP: a TLS port's alert read as a frame; a plaintext port's greeting read as a TLS record.
        if (messages.contains("malformedframeexception")) {
            return Optional.of("Plaintext to " + link + " refused: it does not answer in plaintext AMQP there (a TLS"
                    + " port?); set " + tlsVariable + " to amqps://");
        }
        if (messages.contains("unsupported or unrecognized ssl message")) {
            return Optional.of("TLS to " + link + " failed: it does not speak TLS on that port; set " + tlsVariable
                    + " to the server's TLS port");
        }
        return Optional.empty();
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getClass().getName())
                    .append(": ")
                    .append(cause.getMessage())
                    .append('\n');
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
