package org.bss.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The capabilities are Spring Modulith application modules: each direct sub-package of {@code org.bss.platform}
 * is one, its root package is its API and everything below it (its {@code internal} package) is its own; each
 * declares in its {@code package-info} the modules it may use (so ingest and store never call each other, and
 * tenancy knows none of the capabilities that ask it). Modulith finds them and rejects a cycle, an undeclared
 * dependency or a use of another module's internals. The diagrams and canvases in {@code docs/modules} are drawn
 * from the code by this test, so they cannot drift from it.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(PlatformApplication.class);
    static final Path DOCS = Repository.root().resolve("docs").resolve("modules");

    @Test
    void modulesKeepToTheirBoundariesAndFormNoCycle() {
        MODULES.verify();
    }

    @Test
    void theEventModelKnowsNoFramework() {
        noClasses().that().resideInAPackage("org.bss.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "org.bss.platform..", "jakarta..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.bss.model"));
    }

    /**
     * Drawn into target first; docs/modules is rewritten only when the drawing says something else (Modulith lists
     * relations and events in no fixed order, so lines are compared as sets, and a mere reordering changes no file).
     */
    @Test
    void theDiagramsInDocsAreDrawnFromTheCode() throws IOException {
        Path drawn = Files.createTempDirectory(Path.of("target"), "modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(drawn.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Map<String, List<String>> committed = contents(DOCS);
        Map<String, List<String>> fromCode = contents(drawn);
        if (!fromCode.equals(committed)) {
            for (Path file : files(DOCS)) {
                Files.delete(file);
            }
            Files.createDirectories(DOCS);
            for (Path file : files(drawn)) {
                Files.copy(file, DOCS.resolve(file.getFileName()));
            }
        }
        assertThat(committed).as("docs/modules was out of date and has been drawn again from the code: commit it")
                .isEqualTo(fromCode);
    }

    private static Map<String, List<String>> contents(Path dir) throws IOException {
        Map<String, List<String>> contents = new TreeMap<>();
        for (Path file : files(dir)) {
            // a canvas marks the first item of each list with '|': which item is first varies too
            contents.put(file.getFileName().toString(),
                    read(file).lines().map(line -> line.replaceFirst("^\\|\\* ", "* ")).sorted().toList());
        }
        return contents;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
