package org.bss.loadgen.traffic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated event, ready to send. {@code json} is the structured-mode CloudEvent
 * ({@code application/cloudevents+json}), UTF-8; it is not copied, so do not change it.
 */
public record GeneratedEvent(String id, String source, String type, String subject, byte[] json) {

    public GeneratedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedEvent e && id.equals(e.id) && source.equals(e.source) && type.equals(e.type)
                && Objects.equals(subject, e.subject) && Arrays.equals(json, e.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, subject) * 31 + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "GeneratedEvent[id=" + id + ", type=" + type + ", subject=" + subject + ", json="
                + new String(json, StandardCharsets.UTF_8) + "]";
    }
}
