package org.bss.bench.chaos.soak;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel knows of one process, from /proc: its resident memory and threads (/proc/PID/status), its open file
 * descriptors (/proc/PID/fd) and which of them are TCP sockets (their inodes in /proc/PID/net/tcp and tcp6).
 */
final class ProcessProbe {

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    /** The state column of /proc/net/tcp: 01 is ESTABLISHED. */
    private static final String ESTABLISHED = "01";

    private final Path proc;

    /** @param proc the process' folder, /proc/PID */
    ProcessProbe(Path proc) {
        this.proc = proc;
    }

    /** VmRSS, RssAnon and Threads of /proc/PID/status. */
    record Status(long rssBytes, long rssAnonBytes, long threads) {

        static Status parse(String text) {
            long rss = -1;
            long anon = -1;
            long threads = -1;
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String value = line.substring(colon + 1).strip();
                switch (line.substring(0, colon)) {
                    case "VmRSS" -> rss = kilobytes(value);
                    case "RssAnon" -> anon = kilobytes(value);
                    case "Threads" -> threads = Long.parseLong(value);
                    default -> {
                    }
                }
            }
            return new Status(rss, anon, threads);
        }

        /** "123456 kB" in bytes. */
        private static long kilobytes(String value) {
            String[] parts = value.split("\\s+");
            long number = Long.parseLong(parts[0]);
            return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? number * 1024 : number;
        }
    }

    /** TCP sockets of the process: in any state, and established. */
    record Tcp(long sockets, long established) {

        /**
         * The TCP sockets among the process' socket inodes: each line of /proc/net/tcp (or tcp6) after the header is
         * {@code sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...}.
         */
        static Tcp count(Set<Long> socketInodes, String... tables) {
            long sockets = 0;
            long established = 0;
            for (String table : tables) {
                String[] lines = table.split("\n");
                for (int i = 1; i < lines.length; i++) {
                    String[] f = lines[i].strip().split("\\s+");
                    if (f.length > 9 && socketInodes.contains(Long.parseLong(f[9]))) {
                        sockets++;
                        if (ESTABLISHED.equals(f[3])) {
                            established++;
                        }
                    }
                }
            }
            return new Tcp(sockets, established);
        }
    }

    boolean alive() {
        return Files.isDirectory(proc);
    }

    Status status() throws IOException {
        return Status.parse(Files.readString(proc.resolve("status")));
    }

    /** Open descriptors, and the inodes of those that are sockets. */
    record Descriptors(long open, Set<Long> socketInodes) {
    }

    Descriptors descriptors() throws IOException {
        long open = 0;
        Set<Long> sockets = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                open++;
                try {
                    Matcher socket = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (socket.matches()) {
                        sockets.add(Long.parseLong(socket.group(1)));
                    }
                } catch (IOException e) {
                    // closed between the listing and the read
                }
            }
        }
        return new Descriptors(open, sockets);
    }

    Tcp tcp(Set<Long> socketInodes) throws IOException {
        return Tcp.count(socketInodes, read(proc.resolve("net/tcp")), read(proc.resolve("net/tcp6")));
    }

    /** The process' command line, its arguments separated by spaces. */
    String commandLine() {
        try {
            return Files.readString(proc.resolve("cmdline")).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
