package dev.outboxcdc.support.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificates for tests, made by the JDK's own keytool (nothing else to install). */
public final class TestCertificates {
    private TestCertificates() {}

    /** A self-signed certificate by the JDK's keytool, valid from {@code start} for {@code days}, as PEM. */
    public static Path selfSigned(Path directory, String name, String start, int days)
            throws IOException, InterruptedException {
        Path store = directory.resolve(name + ".p12");
        Path pem = directory.resolve(name + ".pem");
        List<String> common = List.of("-keystore", store.toString(), "-storepass", "changeit", "-alias", name);
        List<String> generate = new ArrayList<>(List.of(
                keytool(),
                "-genkeypair",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-startdate",
                start,
                "-validity",
                Integer.toString(days)));
        generate.addAll(common);
        run(generate);
        List<String> export = new ArrayList<>(List.of(keytool(), "-exportcert", "-rfc", "-file", pem.toString()));
        export.addAll(common);
        run(export);
        return pem;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
