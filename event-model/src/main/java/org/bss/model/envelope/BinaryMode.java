package org.bss.model.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The CloudEvents HTTP binding in binary mode: attributes in {@code ce-} headers (percent-encoded values),
 * {@code Content-Type} as {@code datacontenttype}, the body as data, kept as it is.
 */
public final class BinaryMode {

    public static final String PREFIX = "ce-";
    public static final String SPEC_VERSION_HEADER = "ce-specversion";

    private BinaryMode() {
    }

    /**
     * Reads an event from its headers (names in any case, first value of each) and body. Attribute values are
     * strings in this mode, extensions included.
     */
    public static CloudEvent read(Iterable<String> headerNames, Function<String, String> header, String contentType,
            byte[] body) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        for (String name : headerNames) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(PREFIX) || lower.length() == PREFIX.length()) {
                continue;
            }
            String attribute = lower.substring(PREFIX.length());
            String value = percentDecode(header.apply(name));
            switch (attribute) {
                case "specversion", "id", "source", "type", "subject", "time", "dataschema" -> attributes.put(attribute, value);
                case "datacontenttype" -> { } // Content-Type carries it in this mode
                default -> extensions.put(attribute, value);
            }
        }
        byte[] data = body == null || body.length == 0 ? null : body;
        return new CloudEvent(attributes.get("specversion"), attributes.get("id"), attributes.get("source"),
                attributes.get("type"), attributes.get("subject"), attributes.get("time"),
                data == null ? null : contentType, attributes.get("dataschema"), extensions, data);
    }

    /** Percent-decodes a header value as the binding asks (RFC 3986 %XX of UTF-8 bytes); a lone % stays. */
    static String percentDecode(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
