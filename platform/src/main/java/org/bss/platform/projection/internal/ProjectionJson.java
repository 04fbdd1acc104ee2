package org.bss.platform.projection.internal;

import org.bss.model.readmodel.Usage;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The projection's JSON: the platform's mapper, reading decimals as BigDecimal (money must not pass through a
 * double: 0.1 + 0.2 is not 0.3 there), plus usage keys written as map keys (snapshots).
 */
@Component
class ProjectionJson {

    private static final char SEPARATOR = '\u001f';

    private final JsonMapper mapper;

    ProjectionJson(JsonMapper json) {
        SimpleModule usageKeys = new SimpleModule("usage-keys")
                .addKeySerializer(Usage.Key.class, new ValueSerializer<>() {
                    @Override
                    public void serialize(Usage.Key key, JsonGenerator generator, SerializationContext context) {
                        generator.writeName(key.subscriptionId() + SEPARATOR + key.metric() + SEPARATOR + key.day());
                    }
                })
                .addKeyDeserializer(Usage.Key.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String text, DeserializationContext context) {
                        int first = text.indexOf(SEPARATOR);
                        int last = text.lastIndexOf(SEPARATOR);
                        return new Usage.Key(text.substring(0, first), text.substring(first + 1, last),
                                java.time.LocalDate.parse(text.substring(last + 1)));
                    }
                });
        this.mapper = json.rebuild().addModule(usageKeys)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }

    JsonMapper mapper() {
        return mapper;
    }
}
