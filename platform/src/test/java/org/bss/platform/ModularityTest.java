package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The capabilities are Spring Modulith application modules: each direct sub-package of {@code org.bss.platform}
 * is one, its root package is its API and everything below it (its {@code internal} package) is its own. Modulith
 * finds them, and rejects a cycle between them or a use of another module's internals. The module diagrams and
 * canvases in {@code docs/modules} are drawn from the code by this test, so they cannot drift from it.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(PlatformApplication.class);
    static final Path DOCS = Repository.root().resolve("docs").resolve("modules");

    @Test
    void modulesKeepToTheirBoundariesAndFormNoCycle() {
        MODULES.verify();
    }

    @Test
    void theDiagramsInDocsAreDrawnFromTheCode() throws IOException {
        Map<String, String> before = contents(DOCS);
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Map<String, String> after = contents(DOCS);
        assertThat(after).as("docs/modules was out of date and has been drawn again from the code: commit it")
                .isEqualTo(before);
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            List<Path> list = new ArrayList<>(paths.filter(Files::isRegularFile).toList());
            for (Path path : list) {
                files.put(path.getFileName().toString(), read(path));
            }
        }
        return files;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
