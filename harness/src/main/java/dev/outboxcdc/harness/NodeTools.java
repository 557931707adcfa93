package dev.outboxcdc.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node.js for the tests that run a script of the project with it (the console's browser test, the
 * CloudEvents SDK consumer): whether it is installed, and the script directory's npm packages,
 * installed on first use.
 */
public final class NodeTools {
    /** Why a test that needs Node is skipped where there is none. */
    public static final String NOT_INSTALLED = "node and npm are not installed (Debian: apt-get install nodejs npm)";

    private NodeTools() {}

    public static boolean installed() {
        return onPath("node") && onPath("npm");
    }

    /** {@code npm install} in {@code directory} unless every one of {@code packages} is there already. */
    public static void install(Path directory, List<String> packages) throws IOException, InterruptedException {
        if (packages.stream()
                .allMatch(name ->
                        Files.isDirectory(directory.resolve("node_modules").resolve(name)))) {
            return;
        }
        Process install = new ProcessBuilder(
                        "npm",
                        "install",
                        "--prefix",
                        directory.toString(),
                        "--no-audit",
                        "--no-fund",
                        "--loglevel=error")
                .redirectErrorStream(true)
                .start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0) {
            install.destroyForcibly();
            throw new IOException("npm install in " + directory + " failed: " + out);
        }
    }

    public static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
