package dev.outboxcdc.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Node.js for the tests that run a script of the project with it (the console's browser test, the
 * CloudEvents SDK consumer): whether it is installed, and the script directory's npm packages,
 * installed from its lockfile on first use.
 */
public final class NodeTools {
    /** Why a test that needs Node is skipped where there is none. */
    public static final String NOT_INSTALLED = "node and npm are not installed (Debian: apt-get install nodejs npm)";

    private NodeTools() {}

    public static boolean installed() {
        return onPath("node") && onPath("npm");
    }

    /**
     * {@code npm ci} in {@code directory}: exactly the packages its committed package-lock.json
     * names, so that what the tests run does not change when the registry does. Skipped when
     * {@code node_modules} was installed from that lockfile already.
     */
    public static void install(Path directory) throws IOException, InterruptedException {
        Path lock = directory.resolve("package-lock.json");
        Path installed = directory.resolve("node_modules").resolve(".package-lock.json");
        if (Files.isRegularFile(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Process install = new ProcessBuilder(
                        "npm", "ci", "--prefix", directory.toString(), "--no-audit", "--no-fund", "--loglevel=error")
                .redirectErrorStream(true)
                .start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0) {
            install.destroyForcibly();
            throw new IOException("npm ci in " + directory + " failed: " + out);
        }
    }

    /**
     * The Chromium the browser scripts in {@code scripts} will drive, by their one rule
     * ({@code find-browser.sh}): an absolute path, or empty for the npm package. A {@code CHROMIUM}
     * that names no executable fails here with the rule's one line naming the variable and the path.
     */
    public static String browser(Path scripts) throws IOException, InterruptedException {
        Process find = new ProcessBuilder(scripts.resolve("find-browser.sh").toString()).start();
        String found = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String error = new String(find.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!find.waitFor(30, TimeUnit.SECONDS) || find.exitValue() != 0) {
            throw new IllegalStateException(error.isEmpty() ? "find-browser.sh failed" : error);
        }
        return found;
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
