package org.bss.platform.bus;

/**
 * The few characters of a W3C {@code traceparent} (version-traceid-parentid-flags, e.g.
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}) that a consumer reads before it decides to trace:
 * a record whose context is not sampled costs a map look-up and these comparisons, nothing allocated. The ids are
 * validated only for the sampled ones, by OpenTelemetry's W3C propagator.
 */
final class TraceParent {

    /** Version 00: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters. */
    static final int LENGTH = 55;

    private TraceParent() {
    }

    /** Whether this extension value is a well-formed traceparent whose flags ask for the trace to be recorded. */
    static boolean sampled(Object value) {
        if (!(value instanceof String s) || s.length() < LENGTH) {
            return false;
        }
        char v0 = s.charAt(0);
        char v1 = s.charAt(1);
        if (!hex(v0) || !hex(v1) || (v0 == 'f' && v1 == 'f')) {
            return false; // version ff is invalid
        }
        // Version 00 is exactly 55 characters; a later version may add fields after another dash.
        if (s.length() > LENGTH && (v0 == '0' && v1 == '0' || s.charAt(LENGTH) != '-')) {
            return false;
        }
        if (s.charAt(2) != '-' || s.charAt(35) != '-' || s.charAt(52) != '-' || !hex(s.charAt(53))) {
            return false;
        }
        char flags = s.charAt(54);
        return hex(flags) && (Character.digit(flags, 16) & 1) == 1;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
}
