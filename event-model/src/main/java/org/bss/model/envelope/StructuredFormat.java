package org.bss.model.envelope;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The CloudEvents JSON event format (structured mode). Reading keeps the bytes of a JSON {@code data} value
 * exactly as sent, so the store can give them back unchanged; it does not judge attribute values, which is
 * {@link EnvelopeRules}' work, only their JSON types.
 */
public final class StructuredFormat {

    public static final String MEDIA_TYPE = "application/cloudevents+json";
    public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> STRING_ATTRIBUTES =
            Set.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema");

    private StructuredFormat() {
    }

    /** Reads one structured event from a whole document. */
    public static CloudEvent read(byte[] document) {
        byte[] json = utf8(document);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidEventException(Violation.whole("a structured CloudEvent must be a JSON object"));
            }
            CloudEvent event = readObject(parser, json, 0);
            if (parser.nextToken() != null) {
                throw new InvalidEventException(Violation.whole("unexpected content after the event object"));
            }
            return event;
        } catch (JacksonException e) {
            throw new InvalidEventException(Violation.whole("malformed JSON: " + e.getOriginalMessage()));
        }
    }

    /**
     * JSON exchanged between systems is UTF-8 (RFC 8259 §8.1); offsets into the document are byte offsets only
     * then. A UTF-8 byte order mark is dropped, other encodings are refused.
     */
    private static byte[] utf8(byte[] json) {
        if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
            return Arrays.copyOfRange(json, 3, json.length);
        }
        boolean utf16or32 = json.length >= 2 && (json[0] == 0 || json[1] == 0
                || ((json[0] & 0xFF) == 0xFE && (json[1] & 0xFF) == 0xFF) || ((json[0] & 0xFF) == 0xFF && (json[1] & 0xFF) == 0xFE));
        if (utf16or32) {
            throw new InvalidEventException(Violation.whole("JSON must be encoded in UTF-8"));
        }
        return json;
    }

    /**
     * Reads a batch: a JSON array of structured events. An element that is not a valid event does not spoil the
     * others; a document that is not a JSON array of objects is refused whole.
     *
     * @param maxEventBytes elements larger than this are not read ({@link BatchEntry.TooLarge})
     */
    public static List<BatchEntry> readBatch(byte[] document, int maxEventBytes) {
        byte[] json = utf8(document);
        List<BatchEntry> entries = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidEventException(Violation.whole("a batch must be a JSON array of structured CloudEvents"));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new InvalidEventException(new Violation("/" + entries.size(), "a batch element must be a JSON object"));
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                entries.add(readElement(parser, json, start, maxEventBytes));
            }
            if (parser.nextToken() != null) {
                throw new InvalidEventException(Violation.whole("unexpected content after the batch array"));
            }
            return entries;
        } catch (JacksonException e) {
            throw new InvalidEventException(Violation.whole("malformed JSON: " + e.getOriginalMessage()));
        }
    }

    private static BatchEntry readElement(JsonParser parser, byte[] json, int start, int maxEventBytes) {
        try {
            CloudEvent event = readObject(parser, json, 0);
            int size = (int) parser.currentTokenLocation().getByteOffset() + 1 - start;
            return size > maxEventBytes ? new BatchEntry.TooLarge(size) : new BatchEntry.Read(event);
        } catch (InvalidEventException e) {
            // readObject stops at the first bad attribute only after reading the whole object, so the parser
            // stands at the element's end and the next element can be read.
            return new BatchEntry.Unreadable(e.violations());
        }
    }

    /**
     * Reads the object the parser stands at (its START_OBJECT). {@code base} is the byte offset of the
     * parser's input within {@code source}, for slicing {@code data} out of it.
     */
    static CloudEvent readObject(JsonParser parser, byte[] source, int base) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        byte[] data = null;
        JsonToken dataToken = null;
        boolean base64 = false;

        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (!seen.add(name)) {
                violations.add(Violation.at(name, "the attribute appears more than once"));
                parser.skipChildren();
                continue;
            }
            if (STRING_ATTRIBUTES.contains(name)) {
                if (value == JsonToken.VALUE_STRING) {
                    attributes.put(name, parser.getString());
                } else if (value != JsonToken.VALUE_NULL) {
                    violations.add(Violation.at(name, "must be a string"));
                    parser.skipChildren();
                }
            } else if (name.equals("data")) {
                dataToken = value;
                data = value == JsonToken.VALUE_NULL ? null : rawValue(parser, source, base);
            } else if (name.equals("data_base64")) {
                if (value == JsonToken.VALUE_STRING) {
                    base64 = true;
                    try {
                        data = Base64.getDecoder().decode(parser.getString());
                    } catch (IllegalArgumentException e) {
                        violations.add(Violation.at(name, "is not valid base64"));
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    violations.add(Violation.at(name, "must be a base64 string"));
                    parser.skipChildren();
                }
            } else {
                Object extension = extensionValue(parser, value);
                if (extension instanceof Violation v) {
                    violations.add(Violation.at(name, v.message()));
                } else if (extension != null) {
                    extensions.put(name, extension);
                }
            }
        }
        String contentType = attributes.get("datacontenttype");
        if (seen.contains("data") && base64) {
            violations.add(Violation.at("data_base64", "an event carries either data or data_base64, not both"));
        } else if (base64 && data != null && (contentType == null ? !seen.contains("datacontenttype") : EnvelopeRules.isMediaType(contentType))
                && MediaTypes.isJson(contentType) && !isJson(data)) {
            // (judged only against a datacontenttype that is absent or valid: a bad one is named on its own)
            violations.add(Violation.at("data_base64", "is not JSON, but datacontenttype is "
                    + (contentType == null ? "absent, which means JSON" : contentType) + "; name the data's media type"));
        }
        if (!violations.isEmpty()) {
            // Report the envelope's other faults too, so that one answer names everything that is wrong.
            CloudEvent partial = new CloudEvent(attributes.get("specversion"), attributes.get("id"), attributes.get("source"),
                    attributes.get("type"), attributes.get("subject"), attributes.get("time"), contentType,
                    attributes.get("dataschema"), extensions, null);
            for (Violation rule : EnvelopeRules.check(partial)) {
                if (violations.stream().noneMatch(v -> v.pointer().equals(rule.pointer()))) {
                    violations.add(rule);
                }
            }
            throw new InvalidEventException(violations);
        }
        if (data != null && !base64 && dataToken == JsonToken.VALUE_STRING && !MediaTypes.isJson(contentType)) {
            // Text data (text/plain, XML) travels as a JSON string: the payload is the string's content.
            data = unquote(data);
        }
        return new CloudEvent(attributes.get("specversion"), attributes.get("id"), attributes.get("source"),
                attributes.get("type"), attributes.get("subject"), attributes.get("time"), contentType,
                attributes.get("dataschema"), extensions, data);
    }

    private static byte[] rawValue(JsonParser parser, byte[] source, int base) {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        int end;
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
            end = (int) parser.currentTokenLocation().getByteOffset() + 1;
        } else {
            parser.finishToken();
            end = (int) parser.currentLocation().getByteOffset();
        }
        return Arrays.copyOfRange(source, base + start, base + end);
    }

    /** True when the bytes are exactly one JSON value, in UTF-8 without a byte order mark. */
    static boolean isJson(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), utf8(bytes))) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException | InvalidEventException e) {
            return false;
        }
    }

    private static byte[] unquote(byte[] jsonString) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), jsonString)) {
            parser.nextToken();
            return parser.getString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A String, Integer or Boolean; a Violation when the JSON type cannot be a CloudEvents attribute. */
    private static Object extensionValue(JsonParser parser, JsonToken value) {
        return switch (value) {
            case VALUE_STRING -> parser.getString();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.INT
                    ? (Object) parser.getIntValue()
                    : new Violation("", "an integer attribute must fit in 32 bits");
            case VALUE_NUMBER_FLOAT -> new Violation("", "an extension value must be a string, integer or boolean, not a decimal number");
            case START_OBJECT, START_ARRAY -> {
                parser.skipChildren();
                yield new Violation("", "an extension value must be a string, integer or boolean, not "
                        + (value == JsonToken.START_OBJECT ? "an object" : "an array")
                        + " (CloudEvents 1.0 attributes are flat)");
            }
            default -> new Violation("", "unexpected JSON token " + value);
        };
    }

    /** Writes one event in structured mode. */
    public static byte[] write(CloudEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (event.data() == null ? 0 : event.data().length));
        write(event, out);
        return out.toByteArray();
    }

    public static void write(CloudEvent event, OutputStream out) {
        try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            write(event, generator);
        }
    }

    /** A JSON generator for documents that hold events (arrays, pages); the caller closes it. */
    public static JsonGenerator generator(OutputStream out) {
        return JSON.createGenerator(ObjectWriteContext.empty(), out);
    }

    /** Writes the event as one JSON object into a generator the caller owns (for arrays and pages). */
    public static void write(CloudEvent event, JsonGenerator generator) {
        generator.writeStartObject();
        generator.writeStringProperty("specversion", event.specversion());
        generator.writeStringProperty("id", event.id());
        generator.writeStringProperty("source", event.source());
        generator.writeStringProperty("type", event.type());
        optional(generator, "subject", event.subject());
        optional(generator, "time", event.time());
        optional(generator, "datacontenttype", event.datacontenttype());
        optional(generator, "dataschema", event.dataschema());
        event.extensions().forEach((name, value) -> {
            switch (value) {
                case Boolean b -> generator.writeBooleanProperty(name, b);
                case Integer i -> generator.writeNumberProperty(name, i);
                default -> generator.writeStringProperty(name, value.toString());
            }
        });
        if (event.data() != null) {
            if (event.hasJsonData()) {
                generator.writeName("data");
                generator.writeRawValue(new String(event.data(), StandardCharsets.UTF_8));
            } else if (MediaTypes.isText(event.datacontenttype()) && isUtf8(event.data())) {
                generator.writeStringProperty("data", new String(event.data(), StandardCharsets.UTF_8));
            } else {
                generator.writeStringProperty("data_base64", Base64.getEncoder().encodeToString(event.data()));
            }
        }
        generator.writeEndObject();
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static void optional(JsonGenerator generator, String name, String value) {
        if (value != null) {
            generator.writeStringProperty(name, value);
        }
    }
}
