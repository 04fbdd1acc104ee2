package org.bss.platform.bus;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Consumers that every instance runs for itself over a whole topic (partitions assigned, no consumer group, no
 * committed offsets): the control topic's reader, the stream's fan-out. Records come as bytes.
 */
public final class Readers {

    private Readers() {
    }

    /**
     * @param clientId the client id's prefix (the suffix tells instances apart)
     * @param settings consumer settings of this reader (fetch sizes and waits, poll sizes)
     */
    @SuppressWarnings("unchecked")
    public static Consumer<byte[], byte[]> create(ConsumerFactory<?, ?> consumers, String clientId, String suffix,
            Map<String, String> settings) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        overrides.putAll(settings);
        return (Consumer<byte[], byte[]>) consumers.createConsumer(null, clientId, suffix, overrides);
    }
}
