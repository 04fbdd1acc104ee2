package org.bss.platform.bus.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Each Kafka listener's consumer loop on a platform thread named after the listener ({@code bss-store-1},
 * {@code bss-projection-1}, ...), where Spring Boot would give it a virtual thread because virtual threads are on for
 * requests. A loop that lives as long as the platform and blocks in poll() gains nothing from a virtual thread, and a
 * named platform thread shows its CPU in the kernel's per-thread counters: what bench/e2e reads to tell each stage's
 * cost per event. Measured at a fixed 120,000 events/min, the platform's CPU per event did not change beyond the
 * runs' spread.
 */
@Configuration(proxyBeanMethods = false)
class ListenerThreads {

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> namedListenerThreads() {
        return container -> container.getContainerProperties()
                .setListenerTaskExecutor(new SimpleAsyncTaskExecutor(container.getListenerId() + "-"));
    }
}
