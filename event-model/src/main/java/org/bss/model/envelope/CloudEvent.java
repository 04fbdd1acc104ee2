package org.bss.model.envelope;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event as the platform carries it. Attributes are kept as they were sent (strings);
 * {@link EnvelopeRules} says whether they are valid. {@code data} holds the exact bytes of the payload:
 * for JSON data the JSON text as the producer wrote it, otherwise the decoded bytes.
 *
 * @param extensions extension attributes by name; values are String, Integer or Boolean
 */
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        String time,
        String datacontenttype,
        String dataschema,
        Map<String, Object> extensions,
        byte[] data) {

    public static final String SPEC_VERSION = "1.0";

    public CloudEvent {
        extensions = extensions == null || extensions.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extensions)); // keeps the producer's order
    }

    public boolean hasData() {
        return data != null;
    }

    /** True when the data is JSON: no content type (the JSON format's default), or a JSON media type. */
    public boolean hasJsonData() {
        return MediaTypes.isJson(datacontenttype);
    }

    /** The instant of {@code time}; null when there is none (or it is not an RFC 3339 timestamp). */
    public Instant timeInstant() {
        return Rfc3339.parseOrNull(time);
    }

    public CloudEvent withExtension(String name, Object value) {
        var copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new CloudEvent(specversion, id, source, type, subject, time, datacontenttype, dataschema, copy, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloudEvent e
                && Objects.equals(specversion, e.specversion) && Objects.equals(id, e.id)
                && Objects.equals(source, e.source) && Objects.equals(type, e.type)
                && Objects.equals(subject, e.subject) && Objects.equals(time, e.time)
                && Objects.equals(datacontenttype, e.datacontenttype) && Objects.equals(dataschema, e.dataschema)
                && extensions.equals(e.extensions) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, subject, time) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CloudEvent[id=" + id + ", source=" + source + ", type=" + type + ", subject=" + subject
                + ", time=" + time + ", datacontenttype=" + datacontenttype + ", extensions=" + extensions
                + ", data=" + (data == null ? "none" : data.length + " bytes") + "]";
    }
}
