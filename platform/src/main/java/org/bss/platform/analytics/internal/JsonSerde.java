package org.bss.platform.analytics.internal;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the analytics' records and states on topics and in stores: small, readable, and read by the API too. */
final class JsonSerde {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonSerde() {
    }

    static <T> Serde<T> of(Class<T> type) {
        return Serdes.serdeFrom((Serializer<T>) (topic, value) -> value == null ? null : MAPPER.writeValueAsBytes(value),
                (Deserializer<T>) (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        return MAPPER.readValue(bytes, type);
                    } catch (JacksonException e) {
                        throw new SerializationException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
                    }
                });
    }
}
