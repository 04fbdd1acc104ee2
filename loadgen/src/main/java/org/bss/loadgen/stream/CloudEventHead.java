package org.bss.loadgen.stream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attributes of a structured CloudEvent that the subscribers' accounting needs, read with a streaming parser that
 * stops as soon as it has them: the platform writes the attributes before the data, so the data is never parsed.
 */
record CloudEventHead(String id, String source, String type) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The event's id, source and type; null when the document is not a JSON object with a string id and source. */
    static CloudEventHead read(byte[] json, int length) {
        String id = null;
        String source = null;
        String type = null;
        try (JsonParser parser = JSON.createParser(json, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while ((id == null || source == null || type == null) && parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                boolean text = value == JsonToken.VALUE_STRING;
                switch (name) {
                    case "id" -> id = text ? parser.getString() : null;
                    case "source" -> source = text ? parser.getString() : null;
                    case "type" -> type = text ? parser.getString() : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException unreadable) {
            return null;
        }
        return id == null || source == null ? null : new CloudEventHead(id, source, type);
    }
}
