package dev.outboxcdc.support.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedCaTest {
    @TempDir
    Path directory;

    @Test
    void aValidCaFileIsTrustedByTheTlsContextAndWrittenAsATrustStoreTheDriversOpen() throws Exception {
        Path ca = certificate("valid", "-1d", 365);

        TrustedCa trusted = TrustedCa.load("DB_TLS_CA_FILE", ca);

        assertThat(trusted.sslContext().getProtocol()).isEqualTo("TLS");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType()); // as Debezium opens it
        try (InputStream in = Files.newInputStream(trusted.trustStore())) {
            store.load(in, trusted.trustStorePassword().toCharArray());
        }
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.isCertificateEntry(store.aliases().nextElement())).isTrue();
        assertThat(trusted.trustStore()).as("written once").isEqualTo(trusted.trustStore());
    }

    @Test
    void unsetMeansTheJvmsTrustStore() {
        assertThat(TrustedCa.fromEnv(new Env(Map.of()), BrokerVariables.AMQP_TLS_CA_FILE))
                .isEmpty();
        assertThat(TrustedCa.fromEnv(new Env(Map.of("AMQP_TLS_CA_FILE", " ")), BrokerVariables.AMQP_TLS_CA_FILE))
                .isEmpty();
    }

    @Test
    void aMissingFileStopsTheStartNamingTheVariableAndTheFile() {
        Path missing = directory.resolve("missing.pem");

        assertThatThrownBy(() -> TrustedCa.load("AMQP_TLS_CA_FILE", missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read AMQP_TLS_CA_FILE='" + missing + "': no such file");
    }

    @Test
    void aFileThatHoldsNoCertificateStopsTheStartNamingTheVariableAndTheFile() throws IOException {
        Path notACertificate = Files.writeString(directory.resolve("ca.pem"), "password=hunter2\n");

        assertThatThrownBy(() -> TrustedCa.load("DB_TLS_CA_FILE", notACertificate))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid DB_TLS_CA_FILE='" + notACertificate + "': ")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anExpiredCertificateStopsTheStartSayingWhenItExpired() throws Exception {
        Path expired = certificate("expired", "-3d", 1);

        assertThatThrownBy(() -> TrustedCa.load("DB_TLS_CA_FILE", expired))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Invalid DB_TLS_CA_FILE='" + expired + "': the certificate 'CN=expired' expired on ")
                .hasMessageEndingWith("; replace it with the CA's current certificate");
    }

    @Test
    void aCertificateNotValidYetStopsTheStart() throws Exception {
        Path future = certificate("future", "+2d", 30);

        assertThatThrownBy(() -> TrustedCa.load("DB_TLS_CA_FILE", future))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the certificate 'CN=future' is not valid before ");
    }

    private Path certificate(String name, String start, int days) throws IOException, InterruptedException {
        return TestCertificates.selfSigned(directory, name, start, days);
    }
}
