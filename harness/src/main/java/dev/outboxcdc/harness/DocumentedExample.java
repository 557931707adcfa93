package dev.outboxcdc.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of a compiled source file between {@code // LIBRARY.md:start} and {@code // LIBRARY.md:end},
 * as a page of docs/ must show it in a {@code java} block: the example the build compiles and runs.
 */
public final class DocumentedExample {
    private static final String START = "// LIBRARY.md:start\n";
    private static final String END = "// LIBRARY.md:end";

    private DocumentedExample() {}

    /** The example of {@code source} (relative to the project root) as a fenced {@code java} block. */
    public static String block(String source) {
        try {
            String text = Files.readString(ProjectRoot.find().resolve(source));
            return "```java\n"
                    + text.substring(text.indexOf(START) + START.length(), text.indexOf(END))
                            .strip()
                    + "\n```";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page {@code page} (relative to the project root), as it is now. */
    public static String page(String page) {
        try {
            return Files.readString(ProjectRoot.find().resolve(Path.of(page)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
