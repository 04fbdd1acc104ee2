package org.bss.model.envelope;

import java.util.regex.Pattern;

/**
 * RFC 3986 URI-reference and absolute-URI, by the grammar's character sets. {@code java.net.URI} follows
 * RFC 2396 plus non-ASCII "other" characters, which is not what CloudEvents asks for.
 *
 * <p>A hand-written scanner: every event's source is checked on the ingest path, and the regular expressions it
 * replaces (kept in the test as its oracle) cost 3 % of a request's CPU.
 */
public final class Rfc3986 {

    private static final String UNRESERVED_SUB_DELIMS = "-._~!$&'()*+,;=";
    private static final boolean[] USERINFO = chars(UNRESERVED_SUB_DELIMS + ":");
    private static final boolean[] REG_NAME = chars(UNRESERVED_SUB_DELIMS);
    private static final boolean[] PATH = chars(UNRESERVED_SUB_DELIMS + ":@/");
    private static final boolean[] QUERY = chars(UNRESERVED_SUB_DELIMS + ":@/?");
    /** IP-literals are rare enough for a regular expression. */
    private static final Pattern IP_LITERAL = Pattern.compile(
            "\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[A-Za-z0-9\\-._~!$&'()*+,;=:]+)]");

    private Rfc3986() {
    }

    /** What the checks need of Appendix B's split of a string (-1 where the part is absent). */
    private record Parts(int schemeEnd, int authorityStart, int pathStart, int pathEnd, int fragmentStart) {
    }

    public static boolean isUriReference(String value) {
        Parts p = parts(value);
        if (p == null) {
            return false;
        }
        if (p.schemeEnd() < 0 && p.authorityStart() < 0) {
            // relative-ref with path-noscheme: no ':' in the first segment (else it would read as a scheme)
            for (int i = p.pathStart(); i < p.pathEnd() && value.charAt(i) != '/'; i++) {
                if (value.charAt(i) == ':') {
                    return false;
                }
            }
        }
        return true;
    }

    /** absolute-URI (section 4.3): a scheme, no fragment. */
    public static boolean isAbsoluteUri(String value) {
        Parts p = parts(value);
        return p != null && p.schemeEnd() >= 0 && p.fragmentStart() < 0;
    }

    private static Parts parts(String value) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        int schemeEnd = -1;
        int at = indexOfAny(value, 0, n, ":/?#");
        if (at > 0 && at < n && value.charAt(at) == ':') {
            if (!isScheme(value, at)) {
                return null;
            }
            schemeEnd = at;
        }
        int pos = schemeEnd < 0 ? 0 : schemeEnd + 1;
        int authorityStart = -1;
        if (value.startsWith("//", pos)) {
            authorityStart = pos + 2;
            int authorityEnd = indexOfAny(value, authorityStart, n, "/?#");
            if (!isAuthority(value, authorityStart, authorityEnd)) {
                return null;
            }
            pos = authorityEnd;
        }
        int pathEnd = indexOfAny(value, pos, n, "?#");
        if (!allowed(value, pos, pathEnd, PATH)
                || (authorityStart >= 0 && pathEnd > pos && value.charAt(pos) != '/')) {
            return null;
        }
        int hash = pathEnd;
        if (pathEnd < n && value.charAt(pathEnd) == '?') {
            hash = indexOfAny(value, pathEnd + 1, n, "#");
            if (!allowed(value, pathEnd + 1, hash, QUERY)) {
                return null;
            }
        }
        int fragmentStart = -1;
        if (hash < n) {
            fragmentStart = hash + 1;
            if (!allowed(value, fragmentStart, n, QUERY)) {
                return null;
            }
        }
        return new Parts(schemeEnd, authorityStart, pos, pathEnd, fragmentStart);
    }

    /** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
    private static boolean isScheme(String value, int end) {
        if (!isAlpha(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = value.charAt(i);
            if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAuthority(String value, int start, int end) {
        int at = value.lastIndexOf('@', end - 1);
        if (at >= start && !allowed(value, start, at, USERINFO)) {
            return false;
        }
        int hostStart = at >= start ? at + 1 : start;
        int hostEnd = end;
        int colon = value.lastIndexOf(':', end - 1);
        int bracket = value.lastIndexOf(']', end - 1);
        if (colon >= hostStart && colon > bracket) {
            hostEnd = colon;
            for (int i = colon + 1; i < end; i++) {
                if (!isDigit(value.charAt(i))) {
                    return false;
                }
            }
        }
        if (hostStart < hostEnd && value.charAt(hostStart) == '[') {
            return IP_LITERAL.matcher(value).region(hostStart, hostEnd).matches();
        }
        return allowed(value, hostStart, hostEnd, REG_NAME);
    }

    /** Every character in the set (letters and digits always), or a percent-encoded octet. */
    private static boolean allowed(String value, int start, int end, boolean[] set) {
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < 128 && set[c]) {
                continue;
            }
            if (c != '%' || i + 2 >= end || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
                return false;
            }
            i += 2;
        }
        return true;
    }

    private static int indexOfAny(String value, int from, int end, String stops) {
        for (int i = from; i < end; i++) {
            if (stops.indexOf(value.charAt(i)) >= 0) {
                return i;
            }
        }
        return end;
    }

    private static boolean[] chars(String extra) {
        boolean[] set = new boolean[128];
        for (char c = 0; c < 128; c++) {
            set[c] = isAlpha(c) || isDigit(c) || extra.indexOf(c) >= 0;
        }
        return set;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
