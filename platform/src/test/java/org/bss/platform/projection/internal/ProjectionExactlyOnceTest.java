package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The projection folds each event once whatever fails: a batch redelivered after its transaction committed (the
 * process died before Kafka's offset was committed), a transaction killed half-way and retried, the same event
 * sent twice; and a poison event goes to the dead letters while the projection goes on.
 */
class ProjectionExactlyOnceTest extends ApiTest {

    @Autowired
    ProjectionListener listener;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    private static BusEvent invoice(String tenant, String id, String customer, String amount) {
        String data = "{\"invoice_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%s,\"currency\":\"EUR\"}"
                .formatted(id, customer, amount);
        return new BusEvent(tenant, UUID.randomUUID(), Instant.now(), new CloudEvent(CloudEvent.SPEC_VERSION, "ev-" + id,
                "/billing", "invoice.generated", "invoice/" + id, "2026-05-01T00:00:00Z", "application/json", null,
                Map.of(), data.getBytes(StandardCharsets.UTF_8)));
    }

    /** Produces the events and reads their records back, as the projection's consumer receives them. */
    private List<ConsumerRecord<String, byte[]>> records(List<BusEvent> events) throws Exception {
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            for (BusEvent event : events) {
                sent.add(producer.send(EventRecords.toRecord("bss.events", event)).get());
            }
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new ByteArrayDeserializer())) {
            for (RecordMetadata metadata : sent) {
                TopicPartition partition = new TopicPartition(metadata.topic(), metadata.partition());
                consumer.assign(List.of(partition));
                consumer.seek(partition, metadata.offset());
                ConsumerRecord<String, byte[]> found = null;
                while (found == null) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                        if (record.offset() == metadata.offset()) {
                            found = record;
                        }
                    }
                }
                records.add(found);
            }
        }
        return records;
    }

    private java.math.BigDecimal invoiced(String tenant, String customer) {
        return jdbc.sql("select coalesce(sum(invoiced), 0) from rm_balances where tenant_id = ? and customer_id = ?")
                .params(tenant, customer).query(java.math.BigDecimal.class).single();
    }

    @Test
    void aBatchDeliveredAgainAfterItsCommitIsNotFoldedTwice() throws Exception {
        String tenant = "once-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "c-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = records(List.of(invoice(tenant, "i1-" + customer, customer, "10.00"),
                invoice(tenant, "i2-" + customer, customer, "20.00")));
        // The running projection folds them; then the same records come again, as after a crash that came between
        // the database commit and Kafka's offset commit.
        await().atMost(Duration.ofSeconds(30)).until(() -> invoiced(tenant, customer).compareTo(new java.math.BigDecimal("30.00")) == 0);
        listener.onBatch(records);
        listener.onBatch(records.reversed());
        assertThat(invoiced(tenant, customer)).isEqualByComparingTo("30.00");
    }

    @Test
    void theSameEventSentTwiceIsFoldedOnce() throws Exception {
        String tenant = "twice-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "c-" + UUID.randomUUID();
        BusEvent first = invoice(tenant, "i1-" + customer, customer, "10.00");
        // Same tenant, source and id, another platform id and Kafka record: a client's retry.
        BusEvent again = new BusEvent(tenant, UUID.randomUUID(), Instant.now(), first.event());
        BusEvent other = invoice(tenant, "i2-" + customer, customer, "5.00");
        records(List.of(first, again, other));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoiced(tenant, customer).compareTo(new java.math.BigDecimal("15.00")) == 0);
        assertThat(jdbc.sql("select count(*) from rm_links where tenant_id = ?").param(tenant).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void aTransactionKilledHalfWayLeavesNothingAndItsRetryFoldsOnce() throws Exception {
        String tenant = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "c-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // The running projection and the call below both stop at the balances, after their links and invoices.
            lock.execute("lock table rm_balances in exclusive mode");
            records = records(List.of(invoice(tenant, "i1-" + customer, customer, "7.00")));
            CompletableFuture<Void> folding = CompletableFuture.runAsync(() -> listener.onBatch(records));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnBalances() >= 1);
            List<Boolean> killed = jdbc.sql("select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like 'insert into rm_balances%'").query(Boolean.class).list();
            assertThat(killed).contains(true);
            blocker.rollback();
            // The call above either was the one killed, or waited for the killed one's row lock and then folded.
            folding.exceptionally(failure -> null).join();
        }
        // The killed transactions left nothing; the running projection retries its batch, and a redelivery adds nothing.
        await().atMost(Duration.ofSeconds(60)).until(() -> invoiced(tenant, customer).compareTo(new java.math.BigDecimal("7.00")) == 0);
        listener.onBatch(records);
        assertThat(invoiced(tenant, customer)).isEqualByComparingTo("7.00");
        assertThat(jdbc.sql("select count(*) from rm_invoices where tenant_id = ?").param(tenant).query(Long.class).single())
                .isEqualTo(1);
    }

    private int waitingOnBalances() {
        return jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into rm_balances%'")
                .query(Integer.class).single();
    }

    @Test
    void aPoisonEventGoesToTheDeadLettersAndTheProjectionGoesOn() throws Exception {
        String tenant = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "c-" + UUID.randomUUID();
        BusEvent noCustomer = new BusEvent(tenant, UUID.randomUUID(), Instant.now(), new CloudEvent(CloudEvent.SPEC_VERSION,
                "poison-1", "/billing", "invoice.generated", "invoice/x", "2026-05-01T00:00:00Z", "application/json", null,
                Map.of(), "{\"invoice_id\":\"x\",\"amount\":1}".getBytes(StandardCharsets.UTF_8)));
        records(List.of(noCustomer, invoice(tenant, "i1-" + customer, customer, "3.00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoiced(tenant, customer).compareTo(new java.math.BigDecimal("3.00")) == 0);
        ConsumerRecord<String, byte[]> dead = projectionDeadLetter("poison-1");
        assertThat(header(dead, "bss_dlq_cause")).isEqualTo("missing-id");
        assertThat(header(dead, "bss_dlq_error")).contains("customer_id");
    }

    @Test
    void anEventTheDatabaseRefusesGoesToTheDeadLettersAndTheRestOfItsBatchIsFolded() throws Exception {
        String tenant = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "c-" + UUID.randomUUID();
        // A NUL character is valid JSON, but jsonb cannot hold it.
        BusEvent nul = new BusEvent(tenant, UUID.randomUUID(), Instant.now(), new CloudEvent(CloudEvent.SPEC_VERSION,
                "nul-1", "/crm", "customer.created", "customer/" + customer, "2026-05-01T00:00:00Z", "application/json", null,
                Map.of(), ("{\"customer_id\":\"" + customer + "\",\"first_name\":\"A\\u0000B\"}").getBytes(StandardCharsets.UTF_8)));
        records(List.of(nul, invoice(tenant, "i1-" + customer, customer, "4.00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> invoiced(tenant, customer).compareTo(new java.math.BigDecimal("4.00")) == 0);
        assertThat(header(projectionDeadLetter("nul-1"), "bss_dlq_cause")).isEqualTo("refused");
        assertThat(jdbc.sql("select count(*) from rm_customers where tenant_id = ?").param(tenant).query(Long.class).single())
                .isZero();
        // States are text, and refuse it as jsonb did, whatever the view holds.
        assertThatThrownBy(() -> jdbc.sql("insert into rm_customers (tenant_id, customer_id, state, view, updated_at)"
                        + " values (?, ?, ?, '{}'::jsonb, now())")
                .params(tenant, customer, "{\"first_name\":\"A\\u0000B\"}").update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /** The projection's dead letter of the event with this id, once it is in bss.events.dlq. */
    private ConsumerRecord<String, byte[]> projectionDeadLetter(String ceId) {
        try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, "dead-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            dlq.subscribe(List.of("bss.events.dlq"));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (ceId.equals(header(record, "ce_id")) && "project".equals(header(record, "bss_dlq_stage"))) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
