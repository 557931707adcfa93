package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.harness.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's CycloneDX SBOM, as the build writes it (phase package, {@code make build}): it lists
 * every library the service runs with — each jar of its {@code target/lib}, name and version — with
 * a hash, and nothing of the tests.
 */
class ServiceSbomIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"api", "cdc-relay", "worker", "outboxctl"})
    void theSbomListsEveryLibraryTheServiceRunsWithAndNoTestLibrary(String module) throws IOException {
        Path target = ProjectRoot.find().resolve(module).resolve("target");
        JsonNode bom = JSON.readTree(target.resolve(module + "-sbom.json").toFile());
        Set<String> listed = new TreeSet<>();
        bom.get("components").forEach(component -> {
            listed.add(component.get("name").asText() + "-"
                    + component.get("version").asText() + ".jar");
            assertThat(component.path("hashes").size())
                    .as("hashes of %s", component.get("name"))
                    .isPositive();
        });
        Set<String> shipped;
        try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
            shipped = jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        System.out.printf(
                "%s: %d libraries in target/lib, %d components in its SBOM%n", module, shipped.size(), listed.size());

        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.at("/metadata/component/name").asText()).isEqualTo(module);
        assertThat(listed).containsAll(shipped);
        assertThat(listed)
                .noneMatch(name -> List.of("junit-jupiter", "assertj-core", "awaitility").stream()
                        .anyMatch(name::startsWith));
    }
}
