package org.bss.loadgen.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.bss.model.envelope.BatchEntry;
import org.bss.model.envelope.BinaryMode;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.schema.EventData;

/**
 * Whether a raw request could make the platform store an event, read in every way a lenient server might: it
 * carries one of the pass's keys anywhere in its bytes, and some reading of it (any place the head may end; no body,
 * the whole rest, or as much as any Content-Length it names; chunked or not, gzip or deflate or not; structured, batch
 * or binary mode) gives an event
 * that passes the CloudEvents envelope rules and names no other tenant than the key's. The platform checks more than
 * that (the catalog's schemas, the data-quality rules), so this says yes to more requests than the platform would
 * take: a request it says no to cannot be one the platform should accept.
 */
final class Guard {

    /** Bodies are read up to here, past the platform's default limits (256 KiB an event, 5 MiB a batch). */
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length[ \\t]*:[ \\t]*\\+?([0-9]{1,9})");

    private Guard() {
    }

    static boolean couldBeAccepted(byte[] request, FuzzTarget target) {
        Map<String, String> owners = new LinkedHashMap<>();
        if (contains(request, target.apiKey())) {
            owners.put(target.apiKey(), target.tenantId());
        }
        if (contains(request, target.otherApiKey())) {
            owners.put(target.otherApiKey(), target.otherTenantId());
        }
        if (owners.isEmpty()) {
            return false; // no credential of the pass: refused before anything is read
        }
        Set<String> tenants = new LinkedHashSet<>(owners.values());
        for (int headEnd : headEnds(request)) {
            String head = new String(request, 0, headEnd, StandardCharsets.ISO_8859_1);
            byte[] rest = Arrays.copyOfRange(request, headEnd, request.length);
            for (byte[] body : bodies(head, rest)) {
                if (acceptable(head, body, tenants)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where a body may start: after any blank line (CRLF CRLF, LF LF, or mixed), the first few of them. */
    private static List<Integer> headEnds(byte[] request) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i + 1 < request.length && ends.size() < 8; i++) {
            if (request[i] == '\n') {
                int next = i + 1;
                if (request[next] == '\r' && next + 1 < request.length && request[next + 1] == '\n') {
                    ends.add(next + 2);
                } else if (request[next] == '\n') {
                    ends.add(next + 1);
                }
            }
        }
        if (ends.isEmpty()) {
            ends.add(request.length); // a head without its end: the body is empty
        }
        return ends;
    }

    /** The bodies the rest of a request may be read as. */
    private static List<byte[]> bodies(String head, byte[] rest) {
        List<byte[]> framed = new ArrayList<>();
        framed.add(rest);
        framed.add(new byte[0]); // no Content-Length, or one the server cannot read: no body at all
        Matcher lengths = CONTENT_LENGTH.matcher(head);
        while (lengths.find()) {
            int length = Integer.parseInt(lengths.group(1));
            if (length < rest.length) {
                framed.add(Arrays.copyOf(rest, length));
            }
        }
        byte[] dechunked = dechunk(rest);
        if (dechunked != null) {
            framed.add(dechunked);
        }
        List<byte[]> bodies = new ArrayList<>(framed);
        for (byte[] body : framed) {
            byte[] gunzipped = inflate(body, true);
            if (gunzipped != null) {
                bodies.add(gunzipped);
            }
            byte[] inflated = inflate(body, false);
            if (inflated != null) {
                bodies.add(inflated);
            }
        }
        return bodies;
    }

    private static boolean acceptable(String head, byte[] body, Set<String> tenants) {
        if (body.length > MAX_BODY) {
            return false;
        }
        try {
            if (acceptable(StructuredFormat.read(body), tenants)) {
                return true;
            }
        } catch (RuntimeException notAnEvent) {
            // not this way
        }
        try {
            for (BatchEntry entry : StructuredFormat.readBatch(body, Integer.MAX_VALUE)) {
                if (entry instanceof BatchEntry.Read read && acceptable(read.event(), tenants)) {
                    return true;
                }
            }
        } catch (RuntimeException notABatch) {
            // not this way
        }
        return binaryAcceptable(head, body, tenants);
    }

    /** Binary mode, with the first and with the last value of each header, as ISO-8859-1 and as UTF-8. */
    private static boolean binaryAcceptable(String head, byte[] body, Set<String> tenants) {
        List<String[]> headers = headers(head);
        if (headers.stream().noneMatch(h -> h[0].equalsIgnoreCase(BinaryMode.SPEC_VERSION_HEADER))) {
            return false;
        }
        for (boolean first : new boolean[] {true, false}) {
            for (boolean utf8 : new boolean[] {false, true}) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String[] header : headers) {
                    String name = header[0].toLowerCase(Locale.ROOT);
                    String value = utf8 ? new String(header[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : header[1];
                    if (first) {
                        values.putIfAbsent(name, value);
                    } else {
                        values.put(name, value);
                    }
                }
                try {
                    if (acceptable(BinaryMode.read(values.keySet(), values::get, values.get("content-type"), body), tenants)) {
                        return true;
                    }
                } catch (RuntimeException notAnEvent) {
                    // not this way
                }
            }
        }
        return false;
    }

    /** Header lines of a head (after its first line), split at any line end, values trimmed. */
    private static List<String[]> headers(String head) {
        List<String[]> headers = new ArrayList<>();
        String[] lines = head.split("\r\n|\n|\r");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()});
            }
        }
        return headers;
    }

    private static boolean acceptable(CloudEvent event, Set<String> tenants) {
        if (!EnvelopeRules.check(event).isEmpty()) {
            return false;
        }
        Object claimed = event.extensions().get("tenantid");
        if (claimed != null && !tenants.contains(claimed.toString())) {
            return false; // names another tenant than the key's: refused
        }
        if (event.hasData() && event.hasJsonData()) {
            try {
                EventData.parse(event.data());
            } catch (RuntimeException notJson) {
                return false;
            }
        }
        return true;
    }

    /** The payload of a chunked body, as far as its chunks can be read; null when it does not start as one. */
    private static byte[] dechunk(byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        boolean any = false;
        while (at < rest.length) {
            int lineEnd = indexOf(rest, at, (byte) '\n');
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(rest, at, lineEnd - at, StandardCharsets.ISO_8859_1).strip();
            int semicolon = sizeLine.indexOf(';');
            String digits = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(digits, 16);
            } catch (NumberFormatException e) {
                break;
            }
            any = true;
            at = lineEnd + 1;
            if (size <= 0) {
                break;
            }
            int n = (int) Math.min(size, rest.length - at);
            out.write(rest, at, n);
            at += n;
            while (at < rest.length && (rest[at] == '\r' || rest[at] == '\n')) {
                at++;
            }
        }
        return any ? out.toByteArray() : null;
    }

    /** The body gunzipped (or inflated), up to {@link #MAX_BODY}; null when it is not that, or larger. */
    private static byte[] inflate(byte[] body, boolean gzip) {
        if (body.length < 2 || gzip && ((body[0] & 0xFF) != 0x1F || (body[1] & 0xFF) != 0x8B)) {
            return null;
        }
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body)) : new InflaterInputStream(new ByteArrayInputStream(body))) {
            byte[] out = in.readNBytes(MAX_BODY + 1);
            return out.length > MAX_BODY ? null : out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, int from, byte b) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
