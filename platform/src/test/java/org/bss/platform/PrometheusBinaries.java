package org.bss.platform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Debian's {@code prometheus} and {@code promtool} (package {@code prometheus}), found on the PATH. Without them the
 * tests that run them are skipped, unless {@code BSS_PROMETHEUS_TESTS=required} (as in CI): then they fail.
 */
final class PrometheusBinaries {

    static final String MISSING = "no prometheus and promtool on the PATH: install them with 'apt-get install prometheus'"
            + " (the tests need only the binaries, not the service)";

    private PrometheusBinaries() {
    }

    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin" : path + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean installed() {
        return find("prometheus").isPresent() && find("promtool").isPresent();
    }

    /**
     * Whether the tests that run them run: when they are installed, or when they are required (and then fail). A
     * condition rather than an assumption, so that Surefire reports the reason of a skip.
     */
    static boolean installedOrRequired() {
        return installed() || "required".equals(System.getenv("BSS_PROMETHEUS_TESTS"));
    }

    static Path promtool() {
        return find("promtool").orElseThrow(() -> new AssertionError(MISSING + " (BSS_PROMETHEUS_TESTS=required)"));
    }

    static Path prometheus() {
        return find("prometheus").orElseThrow(() -> new AssertionError(MISSING + " (BSS_PROMETHEUS_TESTS=required)"));
    }
}
