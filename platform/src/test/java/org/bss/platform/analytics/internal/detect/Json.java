package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;

/** The states go to a Kafka Streams store as JSON: each must come back equal, field by field. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    static <T> T roundTrip(T value, Class<T> type) {
        String json = MAPPER.writeValueAsString(value);
        T back = MAPPER.readValue(json, type);
        assertThat(back).usingRecursiveComparison().isEqualTo(value);
        assertThat(MAPPER.writeValueAsString(back)).isEqualTo(json);
        return back;
    }

    private Json() {
    }
}
