package org.bss.model.envelope;

/**
 * One reason an event is refused: where (an RFC 6901 JSON pointer into the structured event, e.g.
 * {@code /time} or {@code /data/amount}; empty for the whole document) and why.
 */
public record Violation(String pointer, String message) {

    public static Violation at(String attribute, String message) {
        return new Violation("/" + escape(attribute), message);
    }

    /** RFC 6901: {@code ~} and {@code /} in a name are written {@code ~0} and {@code ~1}. */
    public static String escape(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }

    public static Violation whole(String message) {
        return new Violation("", message);
    }
}
