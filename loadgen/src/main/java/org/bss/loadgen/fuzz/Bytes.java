package org.bss.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Small byte-array edits for building and breaking bodies. */
final class Bytes {

    private Bytes() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        return concat(Arrays.copyOf(bytes, at), inserted, Arrays.copyOfRange(bytes, at, bytes.length));
    }

    /** {@code inserted} right after the first {@code marker}; at the end when there is none. */
    static byte[] insertAfter(byte[] bytes, String marker, byte[] inserted) {
        int at = indexOf(bytes, ascii(marker), 0);
        return insert(bytes, at < 0 ? bytes.length : at + marker.length(), inserted);
    }

    static int indexOf(byte[] bytes, byte[] needle, int from) {
        return indexOf(bytes, needle, from, bytes.length);
    }

    /** Where {@code needle} first is within {@code bytes[from, to)}; -1 when it is not. */
    static int indexOf(byte[] bytes, byte[] needle, int from, int to) {
        outer:
        for (int i = Math.max(0, from); i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] repeat(String text, int times) {
        return ascii(text.repeat(times));
    }

    /** Random bytes, any of the 256 values. */
    static byte[] random(RandomGenerator random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Random printable ASCII. */
    static String printable(RandomGenerator random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x21 + random.nextInt(0x7E - 0x21)));
        }
        return out.toString();
    }
}
