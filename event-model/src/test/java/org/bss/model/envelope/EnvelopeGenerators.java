package org.bss.model.envelope;

import static org.bss.model.envelope.Gen.weight;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Generators of valid CloudEvents and of their structured documents written by hand (member order, whitespace
 * and string escaping varied), for {@link EnvelopePropertiesTest}.
 */
final class EnvelopeGenerators {

    /** Names an extension may not take: the context attributes and data. */
    static final Set<String> RESERVED =
            Set.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data");

    private static final String DIGITS = "0123456789";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String HEX = "0123456789ABCDEFabcdef";

    private EnvelopeGenerators() {
    }

    // ------------------------------------------------------------------------------------------------
    // Valid events
    // ------------------------------------------------------------------------------------------------

    record Payload(String contentType, byte[] data) {
    }

    static Gen<CloudEvent> validEvents() {
        Gen<String> id = ids();
        Gen<String> source = sources();
        Gen<String> type = types();
        Gen<String> subject = subjects().orNull(0.3);
        Gen<String> time = times().orNull(0.2);
        Gen<String> dataschema = absoluteUris().orNull(0.6);
        Gen<Map<String, Object>> extensions = extensions();
        Gen<Payload> payload = payloads();
        return r -> {
            Payload p = payload.next(r);
            return new CloudEvent("1.0", id.next(r), source.next(r), type.next(r), subject.next(r), time.next(r),
                    p.contentType(), dataschema.next(r), extensions.next(r), p.data());
        };
    }

    static Gen<String> ids() {
        return Gen.oneOf(
                r -> new UUID(r.nextLong(), r.nextLong()).toString(),
                Gen.of("1", "evt-1", "order-42/v1", "\"quoted\"", "tab-free", "ünïcödé-🎉"),
                attributeText(1, 30));
    }

    static Gen<String> types() {
        return Gen.oneOf(
                Gen.of("com.bss.order.placed", "com.bss.payment.created", "order.placed", "x"),
                Gen.strings(LOWER + ".-_", 1, 40),
                attributeText(1, 20));
    }

    static Gen<String> subjects() {
        return Gen.oneOf(Gen.of("orders/o-1", "customer 7", "ä/ö"), attributeText(1, 30));
    }

    /** Segments that RFC 3986 takes in a path: unreserved, sub-delims, '@' (':' if asked), %XX (ASCII only). */
    static Gen<String> segment(boolean colon) {
        Gen<String> plain = Gen.strings(LOWER + LOWER.toUpperCase() + DIGITS + "-._~!$&'()*+,;=@" + (colon ? ":" : ""), 1, 8);
        Gen<String> percent = Gen.strings(HEX, 2, 2).map(hex -> "%" + hex);
        return Gen.<String>frequency(weight(5, plain), weight(1, percent)).joined("", 1, 3);
    }

    static Gen<String> path() {
        return segment(true).joined("/", 1, 4).map(s -> "/" + s);
    }

    static Gen<String> host() {
        return Gen.strings(LOWER + DIGITS + "-", 1, 10).joined(".", 1, 3).map(labels -> "h" + labels);
    }

    /** RFC 3986 absolute-URIs (section 4.3: a scheme, no fragment), which is CloudEvents' URI type. */
    static Gen<String> absoluteUris() {
        Gen<String> scheme = Gen.of("https", "http", "kafka", "a+b.c-d");
        Gen<String> host = host();
        Gen<Integer> port = Gen.ints(1, 65535).orNull(0.7);
        Gen<String> path = path().orNull(0.2);
        Gen<String> query = segment(true).orNull(0.7);
        Gen<String> url = r -> {
            String authority = scheme.next(r) + "://" + host.next(r);
            Integer p = port.next(r);
            String pathPart = path.next(r);
            String q = query.next(r);
            return authority + (p == null ? "" : ":" + p) + (pathPart == null ? "" : pathPart) + (q == null ? "" : "?" + q);
        };
        Gen<String> nid = Gen.strings(LOWER + DIGITS, 1, 8);
        Gen<String> nss = segment(true);
        Gen<String> urn = r -> "urn:" + nid.next(r) + ":" + nss.next(r);
        return Gen.oneOf(url, urn, Gen.of("urn:x:y", "https://h/p", "mailto:ops@bss.example"));
    }

    /** URI-references: absolute URIs, absolute paths, relative paths, query- and fragment-only references. */
    static Gen<String> sources() {
        Gen<String> first = segment(false);
        Gen<String> rest = path().orNull(0.5);
        Gen<String> relative = r -> first.next(r) + (rest.next(r) instanceof String p ? p : "");
        Gen<String> absolute = absoluteUris();
        Gen<String> fragment = segment(true);
        Gen<String> withFragment = r -> absolute.next(r) + "#" + fragment.next(r);
        return Gen.oneOf(absolute, withFragment, path(), relative, Gen.of("/a/b", "/tenants/t1/orders", "urn:x:y",
                "https://h/p", "?q=1", "#frag", "//host/path", "x:", "//[::1]:8080/p"));
    }

    /** RFC 3339 date-times: any number of fraction digits, offsets up to ±23:59, leap seconds, 't' and 'z'. */
    static Gen<String> times() {
        Gen<LocalDate> date = Gen.<LocalDate>frequency(
                weight(1, Gen.of(LocalDate.of(2025, 11, 7), LocalDate.of(2024, 2, 29), LocalDate.of(1, 1, 2),
                        LocalDate.of(9999, 12, 31))),
                weight(9, Gen.longs(LocalDate.of(1, 1, 2).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                        .map(LocalDate::ofEpochDay)));
        Gen<String> t = Gen.of("T", "t");
        Gen<Integer> hour = Gen.ints(0, 23);
        Gen<Integer> minute = Gen.ints(0, 59);
        Gen<Integer> second = Gen.<Integer>frequency(weight(1, Gen.of(59, 60)), weight(4, Gen.ints(0, 60)));
        Gen<String> fraction = Gen.strings(DIGITS, 1, 15).map(f -> "." + f).orNull(0.5);
        Gen<String> offset = Gen.oneOf(
                Gen.of("Z", "z", "+00:00", "-00:00", "+05:30", "-03:30", "+14:00", "-12:00", "+23:59", "-23:59"),
                r -> "%s%02d:%02d".formatted(r.nextBoolean() ? "+" : "-", hour.next(r), minute.next(r)));
        return r -> {
            LocalDate d = date.next(r);
            String f = fraction.next(r);
            return "%04d-%02d-%02d%s%02d:%02d:%02d%s%s".formatted(d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                    t.next(r), hour.next(r), minute.next(r), second.next(r), f == null ? "" : f, offset.next(r));
        };
    }

    static Gen<String> extensionNames() {
        return Gen.oneOf(
                        Gen.of("tenantid", "comdroidbss", "traceparent", "partitionkey", "sequence", "x1"),
                        Gen.strings(LOWER + DIGITS, 1, 20))
                .filter(name -> !RESERVED.contains(name));
    }

    static Gen<Object> extensionValues() {
        return Gen.oneOf(attributeText(0, 20), Gen.anyInt(), Gen.booleans());
    }

    static Gen<Map<String, Object>> extensions() {
        Gen<String> name = extensionNames();
        Gen<Object> value = extensionValues();
        return r -> {
            Map<String, Object> extensions = new LinkedHashMap<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                extensions.put(name.next(r), value.next(r));
            }
            return extensions;
        };
    }

    static Gen<Payload> payloads() {
        // JSON-typed data is JSON text here; JSON-typed data_base64 is jsonTypedDataBase64IsRefusedOrRoundTrips.
        Gen<String> jsonType = Gen.of("application/json", "application/json; charset=utf-8", "text/json",
                "application/vnd.bss.order+json", "Application/JSON").orNull(0.5);
        Gen<String> jsonData = jsonData();
        Gen<Payload> json = r -> new Payload(jsonType.next(r), utf8(jsonData.next(r)));

        Gen<String> textType = Gen.of("text/plain", "text/plain; charset=utf-8", "text/csv", "application/xml",
                "application/atom+xml");
        Gen<String> text = text(0, 60);
        Gen<Payload> textual = r -> new Payload(textType.next(r), utf8(text.next(r)));

        // text that is not UTF-8 (text/plain; charset=iso-8859-1), which travels as data_base64
        Gen<String> latin1Type = Gen.of("text/plain; charset=iso-8859-1", "text/csv", "application/xml");
        Gen<byte[]> latin1Bytes = Gen.bytes(0, 40);
        Gen<Payload> latin1 = r -> new Payload(latin1Type.next(r), latin1Bytes.next(r));

        Gen<String> binaryType = Gen.of("application/octet-stream", "image/png", "application/avro");
        Gen<byte[]> binaryBytes = Gen.bytes(0, 64);
        Gen<Payload> binary = r -> new Payload(binaryType.next(r), binaryBytes.next(r));

        Gen<Payload> none = Gen.of("application/json", "text/plain", "application/octet-stream").orNull(0.5)
                .map(type -> new Payload(type, null));
        return Gen.frequency(weight(6, json), weight(2, textual), weight(1, latin1), weight(2, binary), weight(1, none));
    }

    /** Unicode text without lone surrogates: ASCII, control characters, BMP and supplementary characters. */
    static Gen<String> text(int min, int max) {
        Gen<Integer> codePoint = Gen.frequency(
                weight(8, Gen.ints(0x20, 0x7F)),
                weight(1, Gen.ints(0x00, 0x1F)),
                weight(2, Gen.ints(0xA0, 0xD7FF)),
                weight(1, Gen.ints(0xE000, 0xFFFD)),
                weight(1, Gen.ints(0x10000, 0x10FFFF)));
        return codePoint.list(min, max).map(codePoints -> {
            StringBuilder b = new StringBuilder();
            codePoints.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    /** Text a CloudEvents String attribute may hold: no control characters and no noncharacters. */
    static Gen<String> attributeText(int min, int max) {
        return text(min, max).map(t -> t.codePoints()
                .filter(c -> c > 0x1F && (c < 0x7F || c > 0x9F) && !(c >= 0xFDD0 && c <= 0xFDEF) && (c & 0xFFFE) != 0xFFFE)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .filter(t -> t.codePointCount(0, t.length()) >= min);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------
    // JSON data as text, written by hand: whitespace, escapes, numbers as sent
    // ------------------------------------------------------------------------------------------------

    static Gen<String> whitespace() {
        return Gen.frequency(weight(6, Gen.constant("")), weight(3, Gen.of(" ", "\n", "\t", "\r\n", "  ", " \n\t ")));
    }

    static Gen<String> jsonNumbers() {
        Gen<String> firstDigit = Gen.strings("123456789", 1, 1);
        Gen<String> moreDigits = Gen.strings(DIGITS, 0, 25);
        Gen<String> integerPart = Gen.oneOf(Gen.constant("0"), r -> firstDigit.next(r) + moreDigits.next(r));
        Gen<String> fraction = Gen.strings(DIGITS, 1, 20).map(f -> "." + f).orNull(0.5);
        Gen<String> e = Gen.of("e", "E");
        Gen<String> sign = Gen.of("", "+", "-");
        Gen<String> exponentDigits = Gen.strings(DIGITS, 1, 3);
        Gen<String> exponentText = r -> e.next(r) + sign.next(r) + exponentDigits.next(r);
        Gen<String> exponent = exponentText.orNull(0.7);
        Gen<String> composed = r -> (r.nextBoolean() ? "-" : "") + integerPart.next(r)
                + (fraction.next(r) instanceof String f ? f : "") + (exponent.next(r) instanceof String x ? x : "");
        return Gen.oneOf(composed, Gen.of("100.50", "1e3", "1E+3", "-0", "-0.0", "0.1", "2.5e-7",
                "123456789012345678901234567890", "1.7976931348623157e309", "4.9e-325", "9223372036854775808"));
    }

    static Gen<String> jsonStrings() {
        Gen<String> plain = text(1, 1).filter(c -> c.codePointAt(0) >= 0x20 && !c.equals("\"") && !c.equals("\\"));
        Gen<String> shortEscape = Gen.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t");
        // any BMP code unit but lone surrogates (Jackson refuses those in names)
        Gen<Integer> unit = Gen.ints(0, 0xFFFF).filter(u -> u < 0xD800 || u > 0xDFFF);
        Gen<String> unicodeEscape = Gen.oneOf(
                r -> (r.nextBoolean() ? "\\u%04x" : "\\u%04X").formatted(unit.next(r)),
                Gen.of("\\u0000", "\\u00e9", "\\uD83D\\uDE00", "\\u2028", "\\uFEFF"));
        return Gen.<String>frequency(weight(8, plain), weight(1, shortEscape), weight(1, unicodeEscape))
                .joined("", 0, 12).map(s -> "\"" + s + "\"");
    }

    static Gen<String> jsonScalars() {
        return Gen.oneOf(jsonNumbers(), jsonStrings(), Gen.of("true", "false", "null"));
    }

    static Gen<String> padded(Gen<String> value) {
        Gen<String> ws = whitespace();
        return r -> ws.next(r) + value.next(r) + ws.next(r);
    }

    /** JSON values nested up to {@code depth} levels: arrays and objects of up to 4 members, or scalars. */
    static Gen<String> jsonValues(int depth) {
        Gen<String> scalar = jsonScalars();
        if (depth == 0) {
            return scalar;
        }
        Gen<String> element = jsonValues(depth - 1);
        Gen<String> ws = whitespace();
        Gen<List<String>> elements = padded(element).list(0, 4);
        Gen<String> array = r -> {
            List<String> items = elements.next(r);
            return "[" + (items.isEmpty() ? ws.next(r) : String.join(",", items)) + "]";
        };
        Gen<String> member = padded(jsonStrings()).flatMap(key -> padded(element).map(value -> key + ":" + value));
        Gen<String> object = r -> {
            List<String> members = member.list(0, 4).next(r);
            return "{" + (members.isEmpty() ? ws.next(r) : String.join(",", members)) + "}";
        };
        return Gen.frequency(weight(1, scalar), weight(2, array), weight(2, object));
    }

    /** A data value: any JSON value but the literal null (which means "no data"). */
    static Gen<String> jsonData() {
        return Gen.<String>frequency(
                        weight(8, Gen.ints(0, 3).flatMap(EnvelopeGenerators::jsonValues)),
                        weight(1, Gen.of(
                                "{ \"amount\" : 100.50,\n \"currency\":\"USD\", \"z\":1, \"a\":[1, 2.0] }",
                                "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\",\"qty\":1}]}",
                                "[]", "{}", "1e3", "\"\\u00e9\\n\"", "\"ünïcödé 🎉\"")))
                .filter(v -> !v.equals("null"));
    }

    // ------------------------------------------------------------------------------------------------
    // Documents written by hand
    // ------------------------------------------------------------------------------------------------

    enum Escaping { NONE, NON_ASCII, ALL }

    /** A member of the event object: its name and its value as JSON text. */
    record Member(String name, String json) {
    }

    /** An event, a document of it written by hand, and the text of its data member (null if none). */
    record Doc(CloudEvent event, String json, String dataText, Escaping escaping) {
        @Override
        public String toString() {
            return "document " + Samples.literal(json) + " (escaping " + escaping + ") of " + Samples.show(event);
        }
    }

    static Gen<Doc> validDocuments() {
        Gen<CloudEvent> events = validEvents();
        Gen<Escaping> escapings = Gen.of(Escaping.values());
        Gen<String> ws = whitespace();
        return r -> {
            CloudEvent event = events.next(r);
            Escaping escaping = escapings.next(r);
            List<Member> members = members(event, escaping);
            String dataText = members.stream().filter(m -> m.name().equals("data")).map(Member::json)
                    .findFirst().orElse(null);
            List<Member> order = Gen.shuffled(members).next(r);
            List<String> spaces = ws.list(4 * members.size() + 3, 4 * members.size() + 3).next(r);
            return new Doc(event, render(order, spaces, escaping), dataText, escaping);
        };
    }

    /** The members of an event's structured form, strings quoted with the given escaping. */
    static List<Member> members(CloudEvent e, Escaping escaping) {
        List<Member> members = new ArrayList<>();
        String[][] attributes = {{"specversion", e.specversion()}, {"id", e.id()}, {"source", e.source()},
                {"type", e.type()}, {"subject", e.subject()}, {"time", e.time()},
                {"datacontenttype", e.datacontenttype()}, {"dataschema", e.dataschema()}};
        for (String[] attribute : attributes) {
            if (attribute[1] != null) {
                members.add(new Member(attribute[0], quote(attribute[1], escaping)));
            }
        }
        e.extensions().forEach((name, value) -> members.add(new Member(name,
                value instanceof String s ? quote(s, escaping) : value.toString())));
        if (e.data() != null) {
            if (e.hasJsonData()) {
                members.add(new Member("data", new String(e.data(), StandardCharsets.UTF_8)));
            } else if (MediaTypes.isText(e.datacontenttype()) && isUtf8(e.data())) {
                members.add(new Member("data", quote(new String(e.data(), StandardCharsets.UTF_8), escaping)));
            } else {
                members.add(new Member("data_base64", quote(Base64.getEncoder().encodeToString(e.data()), escaping)));
            }
        }
        return members;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** The members as a JSON object, with {@code spaces} (4 per member + 3) put between all tokens. */
    static String render(List<Member> members, List<String> spaces, Escaping escaping) {
        StringBuilder b = new StringBuilder();
        int w = 0;
        b.append(spaces.get(w++)).append('{').append(spaces.get(w++));
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            b.append(quote(m.name(), escaping)).append(spaces.get(w++)).append(':').append(spaces.get(w++))
                    .append(m.json()).append(spaces.get(w++));
            if (i < members.size() - 1) {
                b.append(',').append(spaces.get(w++));
            }
        }
        return b.append('}').append(spaces.getLast()).toString();
    }

    /** The members as a compact JSON object. */
    static String render(List<Member> members) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < members.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(members.get(i).name())).append(':').append(members.get(i).json());
        }
        return b.append('}').toString();
    }

    /** A JSON string literal: control characters, quote and backslash escaped; more as asked. */
    static String quote(String s, Escaping escaping) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || escaping == Escaping.ALL || (escaping == Escaping.NON_ASCII && c > 0x7E)) {
                b.append("\\u%04x".formatted((int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String quote(String s) {
        return quote(s, Escaping.NONE);
    }
}
