package dev.outboxcdc.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root directory (the one holding mysql-config/), found from the working directory up. */
public final class ProjectRoot {
    private ProjectRoot() {}

    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("mysql-config"))) {
                return dir;
            }
        }
        throw new IllegalStateException("project root (with mysql-config/) not found above "
                + Path.of("").toAbsolutePath());
    }
}
