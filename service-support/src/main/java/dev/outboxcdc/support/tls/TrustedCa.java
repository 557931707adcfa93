package dev.outboxcdc.support.tls;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The certificate authorities one link trusts, instead of the JVM's trust store: a PEM file
 * ({@code -----BEGIN CERTIFICATE-----}, one or more) named by a variable — {@code DB_TLS_CA_FILE}
 * for the database, {@code AMQP_TLS_CA_FILE} for the broker. Read and checked at start: a file
 * that is missing, unreadable, holds no certificate, or a certificate that has expired or is not
 * valid yet, stops the service with one line naming the variable and the file.
 *
 * <p>MySQL's driver and Debezium's binlog reader take a trust store file, not PEM: {@link
 * #trustStore()} writes the same certificates once into a file of the JVM's temporary directory,
 * deleted when the JVM exits (public certificates only; its password is random and protects nothing
 * secret). The file is a JKS key store, which every reader opens (the JDK's PKCS#12 type reads JKS
 * too): a PKCS#12 one costs each connection 10,000 rounds of PBKDF2 to check its MAC, measured as a
 * sixth of the relay's start over TLS.
 */
public final class TrustedCa {
    private final String variable;
    private final Path file;
    private final List<X509Certificate> certificates;
    private final String trustStorePassword = randomPassword();
    private @Nullable Path trustStore;
    private @Nullable SSLContext sslContext;

    private TrustedCa(String variable, Path file, List<X509Certificate> certificates) {
        this.variable = variable;
        this.file = file;
        this.certificates = List.copyOf(certificates);
    }

    /** The CA file {@code variable} names; empty when it is unset (the JVM's trust store then). */
    public static Optional<TrustedCa> fromEnv(Env env, Setting<String> variable) {
        return env.find(variable).map(file -> load(variable.name(), Path.of(file)));
    }

    /** Reads and checks {@code file}, valid now; a {@link ConfigException} naming both otherwise. */
    public static TrustedCa load(String variable, Path file) {
        String named = variable + "='" + file + "'";
        if (!Files.isReadable(file)) {
            throw new ConfigException(
                    "Cannot read " + named + ": " + (Files.exists(file) ? "not readable" : "no such file"));
        }
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(file)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new ConfigException("Invalid " + named + ": not a PEM certificate (" + e.getMessage() + ")");
        }
        List<X509Certificate> certificates = read.stream()
                .filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast)
                .toList();
        if (certificates.isEmpty()) {
            throw new ConfigException(
                    "Invalid " + named + ": it holds no certificate (-----BEGIN CERTIFICATE----- ...)");
        }
        Date now = Date.from(Instant.now()); // X509Certificate.checkValidity takes a Date
        for (X509Certificate certificate : certificates) {
            String subject = certificate.getSubjectX500Principal().getName();
            try {
                certificate.checkValidity(now);
            } catch (CertificateExpiredException e) {
                throw new ConfigException("Invalid " + named + ": the certificate '" + subject + "' expired on "
                        + certificate.getNotAfter().toInstant() + "; replace it with the CA's current certificate");
            } catch (CertificateNotYetValidException e) {
                throw new ConfigException("Invalid " + named + ": the certificate '" + subject
                        + "' is not valid before " + certificate.getNotBefore().toInstant());
            }
        }
        return new TrustedCa(variable, file, certificates);
    }

    /** The variable that named the file, for messages. */
    public String variable() {
        return variable;
    }

    /** The PEM file. */
    public Path file() {
        return file;
    }

    /** {@code VARIABLE='file'}, for messages. */
    public String named() {
        return variable + "='" + file + "'";
    }

    /** A TLS context that trusts these certificates, and no others; made once. */
    public synchronized SSLContext sslContext() {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore("PKCS12"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            sslContext = context;
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("Cannot use " + named() + ": " + e.getMessage());
        }
    }

    /** The type of {@link #trustStore()}. */
    public static final String TRUST_STORE_TYPE = "JKS";

    /** The certificates as a trust store file ({@value #TRUST_STORE_TYPE}), written on the first call. */
    public synchronized Path trustStore() {
        if (trustStore == null) {
            try {
                Path written = Files.createTempFile("outbox-trusted-ca-", ".jks");
                written.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(written)) {
                    keyStore(TRUST_STORE_TYPE).store(out, trustStorePassword.toCharArray());
                }
                trustStore = written;
            } catch (GeneralSecurityException | IOException e) {
                throw new ConfigException("Cannot write a trust store for " + named() + ": " + e.getMessage());
            }
        }
        return trustStore;
    }

    /** The password of {@link #trustStore()}. */
    public String trustStorePassword() {
        return trustStorePassword;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private KeyStore keyStore(String type) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        return store;
    }

    @Override
    public String toString() {
        return "TrustedCa[" + named() + ", " + certificates.size() + " certificate(s)]";
    }
}
