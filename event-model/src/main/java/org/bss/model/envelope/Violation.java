package org.bss.model.envelope;

/**
 * One reason an event is refused: where (an RFC 6901 JSON pointer into the structured event, e.g.
 * {@code /time} or {@code /data/amount}; empty for the whole document) and why.
 */
public record Violation(String pointer, String message) {

    public static Violation at(String attribute, String message) {
        return new Violation("/" + attribute, message);
    }

    public static Violation whole(String message) {
        return new Violation("", message);
    }
}
