package org.bss.model.schema;

/** RFC 6901 JSON pointer helpers. */
final class Pointers {

    private Pointers() {
    }

    /** {@code parent} followed by one reference token, with {@code ~} and {@code /} escaped. */
    static String append(String parent, String token) {
        return parent + "/" + escape(token);
    }

    static String append(String parent, int index) {
        return parent + "/" + index;
    }

    static String escape(String token) {
        return org.bss.model.envelope.Violation.escape(token);
    }
}
