package dev.outboxcdc.support.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.sql.SQLException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The drivers' words, as they arrive (messages taken from real refusals), and the line each becomes. */
class TlsFailuresTest {
    private static Optional<String> explain(Throwable failure) {
        return TlsFailures.explain(
                failure,
                "the broker at amqps://db:5671",
                "AMQP_URI",
                "db",
                Optional.empty(),
                "AMQP_TLS_CA_FILE",
                "AMQP_URI");
    }

    private static <T extends Throwable> T causedBy(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    @Test
    void aCertificateOfAnotherCaNamesTheCaSetting() {
        Throwable failure = causedBy(
                new SSLHandshakeException("PKIX path validation failed: signature check failed"),
                new CertPathValidatorException("signature check failed"));

        assertThat(explain(failure))
                .contains("TLS to the broker at amqps://db:5671 refused: the server's certificate is not signed by a CA"
                        + " of the JVM's trust store (AMQP_TLS_CA_FILE is not set); set AMQP_TLS_CA_FILE to the CA"
                        + " that signed it");
    }

    @Test
    void aCertificateForAnotherHostNamesTheHostSetting() {
        Throwable amqp = causedBy(
                new SSLHandshakeException("No subject alternative names matching IP address 127.0.0.1 found"),
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
        Throwable mysqlDriver = causedBy(
                new SQLException("Communications link failure"),
                new CertificateException("Server identity verification failed. None of the certificate's DNS or IP"
                        + " Subject Alternative Name entries matched the server hostname/IP '127.0.0.1'."));

        assertThat(explain(amqp)).get().asString().contains("does not name the host 'db' that AMQP_URI gives");
        assertThat(explain(mysqlDriver)).get().asString().contains("that AMQP_URI gives");
    }

    @Test
    void anExpiredCertificateSaysSo() {
        Throwable failure = causedBy(
                new SSLHandshakeException("PKIX path validation failed: validity check failed"),
                new CertificateExpiredException("NotAfter: Sun Dec 06 15:20:41 UTC 2026"));

        assertThat(explain(failure)).get().asString().contains("the server's certificate has expired");
    }

    @Test
    void plaintextToATlsPortAndTlsToAPlaintextPortNameTheUriSetting() {
        Throwable plaintextToTls = causedBy(
                new IOException(), new com.rabbitmq.client.MalformedFrameException("Frame size is invalid (131602)"));
        Throwable tlsToPlaintext = new SSLException("Unsupported or unrecognized SSL message");
        Throwable mysqlRequiresTls = new SQLException(
                "Connections using insecure transport are prohibited while --require_secure_transport=ON.");

        assertThat(explain(plaintextToTls)).get().asString().endsWith("set AMQP_URI to amqps://");
        assertThat(explain(tlsToPlaintext)).get().asString().endsWith("set AMQP_URI to the server's TLS port");
        assertThat(explain(mysqlRequiresTls)).get().asString().contains("accepts TLS connections only");
    }

    @Test
    void whatIsNotATlsRefusalIsLeftToTheCaller() {
        assertThat(explain(new ConnectException("Connection refused"))).isEmpty();
        assertThat(explain(new SQLException("Access denied for user 'outbox_api'@'localhost' (using password: YES)")))
                .isEmpty();
    }
}
