package org.bss.platform.store.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /**
     * A batch that fails (the database is down or restarting) is retried from the same offsets with backoff,
     * for as long as it takes: skipping it would lose accepted events. Every failed attempt is logged.
     */
    @Bean
    CommonErrorHandler storeErrorHandler(MeterRegistry meters) {
        Counter failures = Counter.builder("bss.store.batch.failures")
                .description("Attempts to store a batch that failed and will be retried").register(meters);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
                failures.increment();
                log.warn("Processing record {}-{}@{} failed (attempt {}), retrying: {}", record.topic(), record.partition(),
                        record.offset(), attempt, rootCause(ex));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
                failures.increment();
                log.warn("Processing a batch of {} records failed (attempt {}), retrying: {}", records.count(), attempt, rootCause(ex));
            }
        });
        return handler;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
