package org.bss.bench.chaos.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap in use right after a full collection, from the JDK's own tool: {@code jcmd PID GC.run} (a System.gc(), a
 * full collection under G1, Serial and Parallel) then {@code jcmd PID GC.heap_info}. Between the two calls the
 * application goes on allocating, so the young generation is left out: what remains after a full collection is the
 * old generation (G1: the heap used less its young regions; Serial: Tenured; Parallel: ParOldGen). ZGC and Shenandoah
 * report only their whole heap.
 */
final class HeapInfo {

    private static final Pattern G1 = Pattern.compile("garbage-first heap.*?used (\\d+)K");
    private static final Pattern G1_YOUNG = Pattern.compile("(\\d+) young \\((\\d+)K\\)");
    private static final Pattern OLD = Pattern.compile("^\\s*(?:Tenured|ParOldGen|tenured generation)\\s.*?used (\\d+)K");
    private static final Pattern Z = Pattern.compile("ZHeap\\s+used (\\d+)M");
    private static final Pattern ANY_USED = Pattern.compile("(\\d+)K used|used (\\d+)K");
    private static final long TIMEOUT_SECONDS = 60;

    private HeapInfo() {
    }

    /** Bytes in use after the collection the output follows, or -1 when the output is not understood. */
    static long afterFullGc(String heapInfo) {
        String[] lines = heapInfo.split("\n");
        for (String line : lines) {
            Matcher old = OLD.matcher(line);
            if (old.find()) {
                return Long.parseLong(old.group(1)) * 1024;
            }
        }
        for (int i = 0; i < lines.length; i++) {
            Matcher g1 = G1.matcher(lines[i]);
            if (g1.find()) {
                long used = Long.parseLong(g1.group(1));
                Matcher young = i + 1 < lines.length ? G1_YOUNG.matcher(lines[i + 1]) : null;
                long youngKb = young != null && young.find() ? Long.parseLong(young.group(2)) : 0;
                return Math.max(0, used - youngKb) * 1024;
            }
            Matcher z = Z.matcher(lines[i]);
            if (z.find()) {
                return Long.parseLong(z.group(1)) * 1024 * 1024;
            }
        }
        for (String line : lines) {
            Matcher any = ANY_USED.matcher(line);
            if (any.find()) {
                return Long.parseLong(any.group(1) != null ? any.group(1) : any.group(2)) * 1024;
            }
        }
        return -1;
    }

    /** A forced full collection and the heap after it. */
    record Reading(long bytes, long gcMillis) {
    }

    /** Runs jcmd twice against the process; -1 bytes when either call fails. */
    static Reading forceAndRead(long pid) {
        long start = System.nanoTime();
        String gc = jcmd(pid, "GC.run");
        long gcMillis = (System.nanoTime() - start) / 1_000_000;
        if (gc == null) {
            return new Reading(-1, -1);
        }
        String info = jcmd(pid, "GC.heap_info");
        return new Reading(info == null ? -1 : afterFullGc(info), gcMillis);
    }

    /** The output of a jcmd command, or null when it failed. */
    static String jcmd(long pid, String command) {
        List<String> call = new ArrayList<>(List.of(jcmdPath(), Long.toString(pid)));
        call.addAll(List.of(command.split(" ")));
        try {
            Process process = new ProcessBuilder(call).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(out) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The jcmd next to this JVM's java, else the one on the path. */
    private static String jcmdPath() {
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }
}
