package org.bss.platform.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** A packaged jar run as a user runs it ({@code java -jar}, in a folder of its own), and what a jar holds. */
final class JarProcess implements AutoCloseable {

    static final Path PRODUCTION_JAR = Path.of(System.getProperty("bss.production-jar", "../platform/target/bss-platform.jar"));
    static final Path DEVELOPMENT_JAR = Path.of(System.getProperty("bss.development-jar", "target/bss-platform-dev.jar"));

    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JarProcess start(Path jar, Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = workDir.resolve("platform.log");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new JarProcess(process, log);
    }

    Process process() {
        return process;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ctrl-C: SIGINT, as a terminal sends it. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The file names of the libraries a Spring Boot jar packs (BOOT-INF/lib). */
    static List<String> libraries(Path jar) throws IOException {
        return entries(jar).stream()
                .filter(name -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
                .map(name -> name.substring("BOOT-INF/lib/".length()))
                .toList();
    }

    static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            return names;
        }
    }

    static String startClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Start-Class");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
