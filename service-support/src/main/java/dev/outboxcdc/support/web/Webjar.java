package dev.outboxcdc.support.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A WebJar on the classpath (a browser library packaged for Maven, e.g. uPlot for the reports and
 * the console), found by the version its own {@code pom.properties} holds: the version is written
 * once, in the root pom's {@code dependencyManagement}, and nowhere in the code.
 *
 * @param directory where its files are: {@code META-INF/resources/webjars/<name>/<version>/}
 */
public record Webjar(String version, String directory) {

    /** The npm WebJar {@code name} ({@code org.webjars.npm:<name>}); fails if it is not on the classpath. */
    public static Webjar npm(String name) {
        String properties = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = Webjar.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar org.webjars.npm:" + name + " is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            String version = pom.getProperty("version");
            return new Webjar(version, "META-INF/resources/webjars/" + name + "/" + version + "/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
