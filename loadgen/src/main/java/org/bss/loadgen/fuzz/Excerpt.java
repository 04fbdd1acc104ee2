package org.bss.loadgen.fuzz;

/** Bytes as readable text for the reports: printable ASCII as it is, CR, LF and tab as \r \n \t, anything else as \xNN. */
final class Excerpt {

    /** How much of a request or an answer a finding keeps. */
    static final int LIMIT = 2048;

    private Excerpt() {
    }

    static String of(byte[] bytes) {
        return escape(bytes, LIMIT);
    }

    /** The first {@code limit} bytes escaped, and how many more there were. */
    static String escape(byte[] bytes, int limit) {
        int shown = Math.min(bytes.length, limit);
        StringBuilder out = new StringBuilder(shown + 32);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\x%02X", b));
                    }
                }
            }
        }
        if (bytes.length > shown) {
            out.append(String.format("... (%,d bytes in all)", bytes.length));
        }
        return out.toString();
    }
}
