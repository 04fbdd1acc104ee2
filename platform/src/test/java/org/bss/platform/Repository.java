package org.bss.platform;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files (README, docs) as the tests that hold them to the code see them. */
public final class Repository {

    private Repository() {
    }

    /** The checkout's top folder: the one with the Maven wrapper, above the module the tests run in. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
