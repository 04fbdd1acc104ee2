package org.bss.model.envelope;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3986 URI-reference and absolute-URI, by the grammar's character sets. {@code java.net.URI} follows
 * RFC 2396 plus non-ASCII "other" characters, which is not what CloudEvents asks for.
 */
public final class Rfc3986 {

    /** Appendix B: splits any string into scheme, authority, path, query, fragment. */
    private static final Pattern PARTS = Pattern.compile("^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$",
            Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final String UNRESERVED_SUB_DELIMS = "A-Za-z0-9\\-._~!$&'()*+,;=";
    private static final String PCT = "%[0-9A-Fa-f]{2}";
    private static final Pattern USERINFO = Pattern.compile("(?:[" + UNRESERVED_SUB_DELIMS + ":]|" + PCT + ")*");
    private static final Pattern REG_NAME = Pattern.compile("(?:[" + UNRESERVED_SUB_DELIMS + "]|" + PCT + ")*");
    private static final Pattern IP_LITERAL = Pattern.compile("\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[" + UNRESERVED_SUB_DELIMS + ":]+)]");
    private static final Pattern PORT = Pattern.compile("\\d*");
    private static final Pattern PATH = Pattern.compile("(?:[" + UNRESERVED_SUB_DELIMS + ":@/]|" + PCT + ")*");
    private static final Pattern QUERY = Pattern.compile("(?:[" + UNRESERVED_SUB_DELIMS + ":@/?]|" + PCT + ")*");

    private Rfc3986() {
    }

    public static boolean isUriReference(String value) {
        Matcher m = parts(value);
        if (m == null) {
            return false;
        }
        if (m.group(2) == null && m.group(4) == null) {
            // relative-ref with path-noscheme: no ':' in the first segment (else it would read as a scheme)
            String path = m.group(5);
            int slash = path.indexOf('/');
            if ((slash < 0 ? path : path.substring(0, slash)).contains(":")) {
                return false;
            }
        }
        return true;
    }

    /** absolute-URI (section 4.3): a scheme, no fragment. */
    public static boolean isAbsoluteUri(String value) {
        Matcher m = parts(value);
        return m != null && m.group(2) != null && m.group(8) == null;
    }

    private static Matcher parts(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = PARTS.matcher(value);
        if (!m.matches()) {
            return null;
        }
        if (m.group(1) != null && !SCHEME.matcher(m.group(2)).matches()) {
            return null;
        }
        if (m.group(3) != null && !isAuthority(m.group(4))) {
            return null;
        }
        String path = m.group(5);
        if (!PATH.matcher(path).matches() || (m.group(3) != null && !path.isEmpty() && !path.startsWith("/"))) {
            return null;
        }
        if (m.group(6) != null && !QUERY.matcher(m.group(7)).matches()) {
            return null;
        }
        if (m.group(8) != null && !QUERY.matcher(m.group(9)).matches()) {
            return null;
        }
        return m;
    }

    private static boolean isAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        if (at >= 0 && !USERINFO.matcher(authority.substring(0, at)).matches()) {
            return false;
        }
        String hostPort = authority.substring(at + 1);
        String host = hostPort;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            if (!PORT.matcher(hostPort.substring(colon + 1)).matches()) {
                return false;
            }
        }
        return host.startsWith("[") ? IP_LITERAL.matcher(host).matches() : REG_NAME.matcher(host).matches();
    }
}
