package org.bss.platform.deadletters.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One Kafka header of a dead letter, kept byte for byte (a header may repeat, and its value may be null). */
record StoredHeader(String name, byte[] value) {

    /** The headers as jsonb: {@code [{"name": ..., "value": base64 or null}]}, in their order. */
    static String toJson(List<StoredHeader> headers, JsonMapper json) {
        List<Map<String, String>> list = new ArrayList<>(headers.size());
        for (StoredHeader header : headers) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", header.name());
            entry.put("value", header.value() == null ? null : Base64.getEncoder().encodeToString(header.value()));
            list.add(entry);
        }
        return json.writeValueAsString(list);
    }

    static List<StoredHeader> fromJson(String text, JsonMapper json) {
        List<StoredHeader> headers = new ArrayList<>();
        for (JsonNode entry : json.readTree(text)) {
            JsonNode value = entry.get("value");
            headers.add(new StoredHeader(entry.get("name").asString(),
                    value == null || value.isNull() ? null : Base64.getDecoder().decode(value.asString())));
        }
        return headers;
    }

    /** As a person reads it: the value as text when it is UTF-8 without control characters, else base64. */
    Map<String, Object> readable() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        Optional<String> text = value == null ? Optional.empty() : text(value).filter(s -> s.chars().noneMatch(Character::isISOControl));
        if (value == null || text.isPresent()) {
            entry.put("value", value == null ? null : text.get());
        } else {
            entry.put("value", Base64.getEncoder().encodeToString(value));
            entry.put("encoding", "base64");
        }
        return entry;
    }

    /** The bytes as text when they are valid UTF-8. */
    static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
