package dev.outboxcdc.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
    private static final Instant BUILT = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path target;

    @BeforeEach
    void aPackagedModule() throws Exception {
        Path classFile =
                Files.createDirectories(target.resolve("classes/dev/outboxcdc")).resolve("Main.class");
        Files.writeString(classFile, "class");
        Files.setLastModifiedTime(classFile, FileTime.from(BUILT.minusSeconds(5)));
        Files.setLastModifiedTime(
                Files.writeString(target.resolve("worker-0.1.0-SNAPSHOT.jar"), "jar"), FileTime.from(BUILT));
    }

    private ClassDataArchive archive() {
        return ClassDataArchive.forModule(target, "worker", target.resolve("cds"))
                .orElseThrow();
    }

    private Path archiveFile() {
        return target.resolve("cds/worker.jsa");
    }

    @Test
    void withoutAnArchiveAStartDumpsOneIntoAFileOfItsOwn() {
        Path dump = archive().newDump();

        assertThat(archive().isFresh()).isFalse();
        assertThat(archive().dumpOptions(dump)).containsExactly("-XX:ArchiveClassesAtExit=" + dump);
        assertThat(dump.getParent()).isEqualTo(archiveFile().getParent()).isDirectory();
        assertThat(archive().newDump()).isNotEqualTo(dump);
    }

    @Test
    void aCleanExitKeepsTheDumpAsTheArchiveWhichTheNextStartUses() throws Exception {
        Path dump = archive().newDump();
        Files.writeString(dump, "classes");

        archive().adopt(dump, 0);

        assertThat(dump).doesNotExist();
        assertThat(archiveFile()).hasContent("classes");
        assertThat(archive().isFresh()).isTrue();
        assertThat(archive().useOptions()).containsExactly("-XX:SharedArchiveFile=" + archiveFile());
    }

    @Test
    void aDumpOfAProcessThatDidNotExitCleanlyIsDeletedNeverUsed() throws Exception {
        Path dump = archive().newDump();
        Files.writeString(dump, "truncated");

        archive().adopt(dump, 137);

        assertThat(dump).doesNotExist();
        assertThat(archiveFile()).doesNotExist();
        assertThat(archive().isFresh()).isFalse();
    }

    @Test
    void anArchiveOlderThanTheJarIsStaleAndReplacedByTheNextDump() throws Exception {
        Files.createDirectories(archiveFile().getParent());
        Files.setLastModifiedTime(Files.writeString(archiveFile(), "old"), FileTime.from(BUILT.minusSeconds(60)));

        assertThat(archive().isFresh()).isFalse();
    }

    @Test
    void aModuleCompiledAfterItsJarWasBuiltStartsFromItsClassesWithoutAnArchive() throws Exception {
        Files.setLastModifiedTime(
                target.resolve("classes/dev/outboxcdc/Main.class"), FileTime.from(BUILT.plusSeconds(5)));

        assertThat(ClassDataArchive.forModule(target, "worker", target.resolve("cds")))
                .isEmpty();
    }

    @Test
    void aModuleWithoutAJarHasNoArchive() throws Exception {
        Files.delete(target.resolve("worker-0.1.0-SNAPSHOT.jar"));

        assertThat(ClassDataArchive.forModule(target, "worker", target.resolve("cds")))
                .isEmpty();
    }

    @Test
    void aDumpIsNamedAfterTheProcessThatAdoptsIt() {
        assertThat(archive().newDump().getFileName().toString())
                .startsWith("worker.jsa." + ProcessHandle.current().pid() + ".")
                .endsWith(".tmp");
    }

    @Test
    void aStartDeletesTheDumpsOfEndedProcessesAndLeavesThoseOfLiveOnes() throws Exception {
        Path dumps = Files.createDirectories(archiveFile().getParent());
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path orphan = Files.writeString(dumps.resolve("worker.jsa." + ended.pid() + ".tmp"), "truncated");
        Path live = Files.writeString(
                dumps.resolve("worker.jsa." + ProcessHandle.current().pid() + ".9.tmp"), "being written");
        Path otherModule = Files.writeString(dumps.resolve("api.jsa." + ended.pid() + ".tmp"), "not ours");

        archive().newDump();

        assertThat(orphan).doesNotExist();
        assertThat(live).exists();
        assertThat(otherModule).exists();
    }
}
