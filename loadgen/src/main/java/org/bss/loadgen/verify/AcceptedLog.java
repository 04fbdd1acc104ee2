package org.bss.loadgen.verify;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The events the platform accepted (answered 202, or accepted within a 207) during a run, one a line:
 * tenant, source and id separated by tabs. The run writes it; verify reads it.
 */
public final class AcceptedLog implements AutoCloseable {

    private final BufferedWriter out;
    private long lines;

    private AcceptedLog(BufferedWriter out) {
        this.out = out;
    }

    public static AcceptedLog create(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new AcceptedLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the accepted-events log " + file, e);
        }
    }

    /** Thread-safe: completions arrive on many threads. */
    public synchronized void accepted(String tenantId, String source, String id) {
        try {
            out.write(tenantId);
            out.write('\t');
            out.write(source);
            out.write('\t');
            out.write(id);
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the accepted-events log", e);
        }
    }

    public synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the accepted-events log", e);
        }
    }

    /** Reads a log back; a line that does not have three fields is an error naming its number. */
    public static void read(Path file, Consumer<EventRef> each) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 3 || fields[0].isEmpty() || fields[1].isEmpty() || fields[2].isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + number + ": expected tenant, source and id separated by tabs");
                }
                each.accept(new EventRef(fields[0], fields[1], fields[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the accepted-events log " + file, e);
        }
    }
}
