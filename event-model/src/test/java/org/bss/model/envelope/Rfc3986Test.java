package org.bss.model.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written scanner against the grammar written as regular expressions (the first implementation). */
class Rfc3986Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "/crm/eu-west", "crm", "https://crm.example.com/customers?id=7#top", "urn:bss:crm:7",
            "mailto:ops@example.com", "//host:8080/a", "http://user:pw@[2001:db8::1]:443/x", "http://[v1.fe]/",
            "a/b:c", "?q=%20", "#frag/?", "http://h/%41%7e", "x-y.z+w:rest", "http://h:/"})
    void acceptsWhatTheGrammarAccepts(String value) {
        assertThat(Rfc3986.isUriReference(value)).isTrue().isEqualTo(oracleReference(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b:c d", "has space", "http://h/%4", "http://h/%zz", "1http:x", "crm:7/ä", "a b://",
            ":relative", "a_b:c/x?y", "http://h:8o/", "http://[::1/x", "http://h/^", "http://us er@h/", "%",
            "http://h#a#b"})
    void refusesWhatTheGrammarRefuses(String value) {
        assertThat(Rfc3986.isUriReference(value)).isFalse().isEqualTo(oracleReference(value));
    }

    @Test
    void agreesWithTheGrammarOnRandomNearMisses() {
        Random random = new Random(3986);
        String[] seeds = {"https://user:pw@crm.example.com:8443/customers/7?x=1&y=%20#top", "urn:bss:crm:7",
                "/crm/eu-west?region=1", "//[2001:db8::1]:80/p", "crm"};
        String[] pieces = {":", "/", "?", "#", "@", "%", "%2", "%41", "[", "]", " ", "a", "Z", "9", "+", ".", "-", "~",
                "!", "'", "ä", "\n", "//", "v1.", "::"};
        int valid = 0;
        int absolute = 0;
        for (int n = 0; n < 200_000; n++) {
            String s = NearMisses.of(seeds[random.nextInt(seeds.length)], pieces, random);
            assertThat(Rfc3986.isUriReference(s)).as("URI-reference %s", s).isEqualTo(oracleReference(s));
            assertThat(Rfc3986.isAbsoluteUri(s)).as("absolute-URI %s", s).isEqualTo(oracleAbsolute(s));
            valid += oracleReference(s) ? 1 : 0;
            absolute += oracleAbsolute(s) ? 1 : 0;
        }
        assertThat(valid).as("valid references among the near misses").isGreaterThan(10_000);
        assertThat(absolute).as("absolute URIs among the near misses").isGreaterThan(5_000);
    }

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

    private static boolean oracleReference(String value) {
        Matcher m = oracleParts(value);
        if (m == null) {
            return false;
        }
        if (m.group(2) == null && m.group(4) == null) {
            String path = m.group(5);
            int slash = path.indexOf('/');
            return !(slash < 0 ? path : path.substring(0, slash)).contains(":");
        }
        return true;
    }

    private static boolean oracleAbsolute(String value) {
        Matcher m = oracleParts(value);
        return m != null && m.group(2) != null && m.group(8) == null;
    }

    private static Matcher oracleParts(String value) {
        Matcher m = PARTS.matcher(value);
        if (!m.matches()) {
            return null;
        }
        if (m.group(1) != null && !SCHEME.matcher(m.group(2)).matches()) {
            return null;
        }
        if (m.group(3) != null && !oracleAuthority(m.group(4))) {
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

    private static boolean oracleAuthority(String authority) {
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
