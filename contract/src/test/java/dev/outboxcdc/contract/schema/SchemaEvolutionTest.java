package dev.outboxcdc.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's guard on the event contracts: every schema file in contracts/, as it is in the work
 * tree, is compatible ({@link SchemaCompatibility}) with each of its texts in the git history, so
 * an edit that is not additive fails {@code make test} naming the file, the commit and the change.
 * And every recorded example event ({@code contracts/<type>/examples/v<N>*.json}) still matches its
 * version.
 */
class SchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = projectRoot();

    @Test
    void everySchemaFileIsCompatibleWithEachOfItsCommittedTexts() throws Exception {
        assumeThat(Files.isDirectory(ROOT.resolve(".git")) && git("--version").exitCode() == 0)
                .as("a git checkout with git installed (a source tarball has no history to compare with)")
                .isTrue();
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Path file : schemaFiles()) {
            String path = ROOT.relativize(file).toString();
            JsonNode current = JSON.readTree(file.toFile());
            for (String commit :
                    git("log", "--format=%h", "--", path).output().lines().toList()) {
                Git text = git("show", commit + ":" + path);
                if (text.exitCode() != 0) {
                    continue; // the commit deleted it
                }
                compared++;
                List<String> breaking = SchemaCompatibility.breakingChanges(JSON.readTree(text.output()), current);
                if (!breaking.isEmpty()) {
                    failures.add(path + " is not compatible with its text in commit " + commit + ": "
                            + String.join("; ", breaking) + ". Within a version only additive changes are allowed"
                            + " (a new optional property); put this change in a new version file beside it.");
                }
            }
        }
        System.out.printf(
                "compared %d committed texts of %d schema files%n",
                compared, schemaFiles().size());
        assertThat(failures).as("incompatible schema edits").isEmpty();
    }

    @Test
    void everyRecordedExampleMatchesTheVersionItWasWrittenIn() throws Exception {
        EventSchemas schemas = EventSchemas.load();
        List<String> checked = new ArrayList<>();
        for (EventSchema schema : schemas.all()) {
            Path examples = ROOT.resolve(EventSchemas.directory(schema.type())).resolve("examples");
            try (Stream<Path> files = Files.list(examples)) {
                for (Path example : files.filter(
                                file -> file.getFileName().toString().matches("v" + schema.version() + "(-.*)?\\.json"))
                        .sorted()
                        .toList()) {
                    assertThat(schema.violations(JSON.readTree(example.toFile())))
                            .as(example.toString())
                            .isEmpty();
                    checked.add(example.getFileName().toString());
                }
            }
            assertThat(checked)
                    .as("the example of " + schema.name() + " the catalogue shows")
                    .contains("v" + schema.version() + ".json");
        }
    }

    private static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve(EventSchemas.ROOT), 2)) {
            return files.filter(file -> file.getFileName().toString().matches("v\\d+\\.json"))
                    .sorted()
                    .toList();
        }
    }

    private record Git(int exitCode, String output) {}

    private static Git git(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", ROOT.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("git " + String.join(" ", arguments) + " did not end in 60 s");
        }
        return new Git(process.exitValue(), output);
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(EventSchemas.ROOT)) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no contracts/ above " + Path.of("").toAbsolutePath());
    }
}
