package dev.outboxcdc.ctl.console;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ConsoleVariables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The console's own HTTPS: a PKCS#12 key store ({@code CONSOLE_TLS_KEYSTORE}) holding its private key
 * and certificate chain, opened with {@code CONSOLE_TLS_KEYSTORE_PASSWORD} (or {@code _FILE}). Read and checked
 * at start: a file that is missing, unreadable, not a PKCS#12 key store, opened with the wrong
 * password, without a private key, or whose certificate has expired stops the console with one line
 * naming the variable and the file.
 *
 * @param keyStore the file
 * @param password its password
 * @param subject  the certificate's subject, for the start-up line
 */
public record ConsoleTls(Path keyStore, String password, String subject) {
    static final String KEYSTORE_VARIABLE = ConsoleVariables.CONSOLE_TLS_KEYSTORE.name();
    static final String PASSWORD_VARIABLE = ConsoleVariables.CONSOLE_TLS_KEYSTORE_PASSWORD.name();

    @Override
    public String toString() {
        return "ConsoleTls[keyStore=" + keyStore + ", subject=" + subject + "]";
    }

    static Optional<ConsoleTls> fromEnv(Env env) {
        String file = env.find(ConsoleVariables.CONSOLE_TLS_KEYSTORE).orElse(null);
        if (file == null) {
            return Optional.empty();
        }
        Path path = Path.of(file);
        String password = env.get(ConsoleVariables.CONSOLE_TLS_KEYSTORE_PASSWORD);
        return Optional.of(new ConsoleTls(path, password, checkedSubject(path, password)));
    }

    private static String checkedSubject(Path path, String password) {
        String named = KEYSTORE_VARIABLE + "='" + path + "'";
        if (!Files.isReadable(path)) {
            throw new ConfigException(
                    "Cannot read " + named + ": " + (Files.exists(path) ? "not readable" : "no such file"));
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(path)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("Invalid " + named + ": not a PKCS#12 key store this " + PASSWORD_VARIABLE
                    + " opens (" + e.getMessage() + ")");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    certificate.checkValidity();
                    return certificate.getSubjectX500Principal().getName();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    "Invalid " + named + ": its certificate is not valid now (" + e.getMessage() + ")");
        }
        throw new ConfigException("Invalid " + named + ": it holds no private key with a certificate");
    }

    /** An HTTPS connector on {@code bind}:{@code port} (HTTP/1.1 over TLS 1.2 or 1.3), for Javalin's Jetty. */
    ServerConnector connector(Server server, HttpConfiguration http, String bind, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(password);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(bind);
        connector.setPort(port);
        return connector;
    }
}
