package org.bss.platform.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The analytics topology without a broker: windows and their edges, late events, enrichment, alerts, hot spots. */
class AnalyticsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final String EVENTS = "bss.events";
    private static final String QUALITY = "bss.quality";

    private final AnalyticsProperties settings = new AnalyticsProperties("analytics-test", Duration.ofSeconds(60),
            Duration.ofSeconds(1), 1, "", DataSize.ofMegabytes(16), true, "enriched", "aggregated", "alerts", "customers", "thresholds",
            Duration.ofSeconds(5), Duration.ofDays(2), Duration.ofDays(35), Duration.ofDays(400), 0.5, 0.25, 100);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> quality;
    private TestOutputTopic<String, byte[]> aggregated;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<String, byte[]> enriched;
    private final Map<String, Figure> figures = new HashMap<>();
    private final List<Alert> alertsSeen = new ArrayList<>();
    private int sequence;

    @BeforeEach
    void start() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(AnalyticsTopology.build(settings,
                new AnalyticsTopology.Topics(EVENTS, QUALITY, 12)), config, T0);
        quality = driver.createInputTopic(QUALITY, new StringSerializer(), new ByteArraySerializer());
        aggregated = driver.createOutputTopic("aggregated", new StringDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), new ByteArrayDeserializer());
        enriched = driver.createOutputTopic("enriched", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theStoresThatGrowWithTheCustomersAreOnDiskAndTheOthersInMemory() {
        assertThat(driver.getKeyValueStore(MeasureProcessor.PROFILES).persistent()).isTrue();
        assertThat(driver.getKeyValueStore(MeasureProcessor.CUSTOMERS).persistent()).isTrue();
        assertThat(driver.getKeyValueStore(DetectorProcessor.CUSTOMERS).persistent()).isTrue();
        assertThat(driver.getKeyValueStore(MeasureProcessor.BUCKETS).persistent()).isFalse();
        assertThat(driver.getKeyValueStore(DetectorProcessor.WATCHES).persistent()).isFalse();
    }

    @Test
    void aMinuteEndsJustBeforeTheNextOneStartsAndLongerWindowsHoldBoth() {
        send("t1", "order.placed", T0.plusMillis(59_999), "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":10.5,\"currency\":\"EUR\"}");
        send("t1", "order.placed", T0.plusSeconds(60), "{\"order_id\":\"o2\",\"customer_id\":\"c2\",\"amount\":5,\"currency\":\"EUR\"}");
        send("t1", "payment.processed", T0.plusSeconds(30), "{\"payment_id\":\"p1\",\"customer_id\":\"c1\",\"amount\":3,"
                + "\"currency\":\"EUR\",\"status\":\"failed\",\"failure_code\":\"card_declined\"}");
        emit();

        assertThat(figure("t1", "orders.placed", "", "1m", T0).count()).isEqualTo(1);
        assertThat(figure("t1", "orders.placed", "", "1m", T0.plusSeconds(60)).count()).isEqualTo(1);
        assertThat(figure("t1", "orders.placed", "", "5m", T0).count()).isEqualTo(2);
        assertThat(figure("t1", "orders.placed", "", "1h", T0).count()).isEqualTo(2);
        assertThat(figure("t1", "revenue.orders", "currency=EUR", "1m", T0).sum()).isEqualTo(10.5);
        assertThat(figure("t1", "revenue.orders", "currency=EUR", "5m", T0).sum()).isEqualTo(15.5);
        assertThat(figure("t1", "payments.failed", "code=card_declined", "1m", T0).count()).isEqualTo(1);
        assertThat(figure("t1", "events", "", "1m", T0).count()).isEqualTo(2);
        assertThat(figure("t1", "events", "type=order.placed", "5m", T0).count()).isEqualTo(2);
        assertThat(figures).as("customer cuts are kept in 5-minute and hourly windows only")
                .noneSatisfy((key, figure) -> assertThat(figure.window().equals("1m") && figure.dims().contains("segment=")).isTrue());
    }

    @Test
    void anEventLaterThanTheGraceIsCountedAsLateAndLeftOutOfItsWindow() {
        send("t1", "order.placed", T0.plusSeconds(10), T0.plusSeconds(50), order("o1", "c1", 1));
        send("t1", "order.placed", T0.plusSeconds(10), T0.plusSeconds(150), order("o2", "c1", 1));
        emit();

        assertThat(figure("t1", "orders.placed", "", "1m", T0).count()).isEqualTo(1);
        assertThat(figure("t1", "quality.late", "type=order.placed", "1m", T0.plusSeconds(120)).count()).isEqualTo(1);
    }

    @Test
    void anEventStampedFarAheadIsCountedOutOfTimeNotInAWindowOfTheFuture() {
        send("t1", "order.placed", Instant.parse("9999-12-31T23:59:59Z"), T0.plusSeconds(10), order("o1", "c1", 1));
        emit();

        assertThat(figure("t1", "quality.late", "type=order.placed", "1m", T0).count()).isEqualTo(1);
        assertThat(figures.values()).noneSatisfy(f -> assertThat(f.start()).isGreaterThan(T0.plusSeconds(3600).toEpochMilli()));
    }

    @Test
    void eventsCarryTheirCustomersSegmentAndCountryAndMetricsAreCutByThem() {
        send("t1", "customer.created", T0.plusSeconds(1), "{\"customer_id\":\"c1\",\"segment\":\"smb\","
                + "\"address\":{\"country\":\"DE\",\"city\":\"Berlin\"}}");
        send("t1", "order.placed", T0.plusSeconds(2), order("o1", "c1", 20));
        emit();

        List<TestRecord<String, byte[]>> out = enriched.readRecordsToList();
        TestRecord<String, byte[]> order = out.get(out.size() - 1);
        assertThat(header(order, "ce_type")).isEqualTo("order.placed");
        assertThat(header(order, "ce_customersegment")).isEqualTo("smb");
        assertThat(header(order, "ce_customercountry")).isEqualTo("DE");
        assertThat(header(order, "ce_customerstatus")).isEqualTo("active");
        assertThat(new String(order.value(), StandardCharsets.UTF_8)).contains("\"order_id\":\"o1\"");
        assertThat(figure("t1", "orders.placed", "segment=smb", "5m", T0).count()).isEqualTo(1);
        assertThat(figure("t1", "orders.placed", "country=DE", "1h", T0).count()).isEqualTo(1);
        assertThat(figure("t1", "revenue.orders", "currency=EUR,segment=smb", "5m", T0).sum()).isEqualTo(20);
    }

    @Test
    void refusalsAndDuplicatesFromTheQualityTopicAreCountedByReasonAndType() {
        quality.pipeInput("t1", "{\"tenant\":\"t1\",\"type\":\"order.placed\",\"reason\":\"schema\",\"count\":3}"
                .getBytes(StandardCharsets.UTF_8), T0.plusSeconds(5));
        quality.pipeInput("t1", "{\"tenant\":\"t1\",\"type\":\"order.placed\",\"reason\":\"duplicate\",\"count\":2}"
                .getBytes(StandardCharsets.UTF_8), T0.plusSeconds(6));
        quality.pipeInput("t1", "not json".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(7));
        emit();

        assertThat(figure("t1", "quality.refused", "", "1m", T0).count()).isEqualTo(3);
        assertThat(figure("t1", "quality.refused", "reason=schema", "1m", T0).count()).isEqualTo(3);
        assertThat(figure("t1", "quality.duplicates", "type=order.placed", "5m", T0).count()).isEqualTo(2);
    }

    @Test
    void aSpikeOfPaymentFailuresOpensOneAlertThatResolvesOnceFailuresAreUsualAgain() {
        for (int minute = 0; minute < 45; minute++) {
            steadyMinute("t1", minute, minute >= 30 && minute < 33 ? 12 : 1);
        }
        readAlerts();

        List<Alert> onFailures = alertsSeen.stream().filter(a -> a.metric().equals("payments.failed")).toList();
        assertThat(onFailures).isNotEmpty();
        Alert opened = onFailures.getFirst();
        assertThat(opened.state()).isEqualTo("open");
        assertThat(opened.windowStart()).isBetween(T0.plusSeconds(30 * 60).toEpochMilli(), T0.plusSeconds(31 * 60).toEpochMilli());
        assertThat(opened.observed()).isGreaterThan(opened.expectedHigh());
        assertThat(opened.explanation()).contains("payments.failed").contains("failure codes");
        assertThat(onFailures.getLast().state()).isEqualTo("resolved");
        assertThat(onFailures.stream().map(Alert::id).distinct()).as("one alert, opened then resolved").hasSize(1);
        assertThat(alertsSeen).as("nothing but the payments alerted (failed payments collect no revenue)")
                .allSatisfy(a -> assertThat(a.metric()).isIn("payments.failed", "payments.failure_rate", "revenue.payments"));
    }

    @Test
    void aQuietCustomersBurstOfOrdersIsSeenAndNamedWhileABusyCustomerIsNot() {
        for (int minute = 0; minute < 45; minute++) {
            Instant start = T0.plusSeconds(minute * 60L);
            for (int i = 0; i < 30 + minute % 3; i++) {
                send("t1", "order.placed", start.plusMillis(1_000L * i + 300), order("busy-" + minute + "-" + i, "c-busy", 20));
            }
            if (minute == 40) {
                for (int i = 0; i < 40; i++) {
                    send("t1", "order.placed", start.plusMillis(500L * i), order("burst-" + i, "c-fraud", 99));
                }
            }
            steadyMinute("t1", minute, 1);
        }
        readAlerts();

        assertThat(alertsSeen).as("c-busy's thirty orders a minute are usual for c-busy, c-fraud's forty are not")
                .anySatisfy(a -> {
                    assertThat(a.metric()).isEqualTo("orders.customer_surge");
                    assertThat(a.windowStart()).isEqualTo(T0.plusSeconds(40 * 60).toEpochMilli());
                    assertThat(a.observed()).isEqualTo(40);
                    assertThat(a.explanation()).contains("customer c-fraud placed 40 orders, against about 0.0 a minute usually");
                });
        assertThat(alertsSeen.stream().filter(a -> a.metric().equals("orders.customer_surge")).map(Alert::windowStart)
                .distinct()).as("one alert, on the burst's minute").containsExactly(T0.plusSeconds(40 * 60).toEpochMilli());
        assertThat(figure("t1", "orders.top_customer", "", "1m", T0.plusSeconds(40 * 60)).count()).isEqualTo(40);
        assertThat(figure("t1", "orders.customer_surge", "", "1m", T0.plusSeconds(40 * 60)).count()).isEqualTo(40);
        assertThat(figure("t1", "orders.customer_surge", "", "1m", T0.plusSeconds(39 * 60)).count())
                .as("c-busy places about as many orders as usual").isLessThanOrEqualTo(3);
    }

    @Test
    void aTenantGoingSilentIsSeen() {
        for (int minute = 0; minute < 30; minute++) {
            steadyMinute("t1", minute, 1);
        }
        for (int minute = 30; minute < 34; minute++) {
            driver.advanceWallClockTime(Duration.ofMinutes(1));
        }
        readAlerts();

        assertThat(alertsSeen).anySatisfy(a -> {
            assertThat(a.metric()).isEqualTo("events");
            assertThat(a.observed()).isZero();
            assertThat(a.state()).isEqualTo("open");
        });
        assertThat(figure("t1", "orders.top_customer", "", "1m", T0.plusSeconds(5 * 60)).count())
                .as("each customer placed one order a minute").isEqualTo(1);
        double usual = figure("t1", "events", "", "1m", T0.plusSeconds(20 * 60)).count() * 60.0;
        assertThat(figure("t1", "forecast.events", "", "5m", T0.plusSeconds(25 * 60)).sum())
                .as("the next hour's events, forecast from steady minutes").isBetween(usual * 0.8, usual * 1.2);
    }

    @Test
    void aTenantTakingMostOfTheEventsIsHot() {
        for (int i = 0; i < 180; i++) {
            send("big", "usage.recorded", T0.plusMillis(i * 100L), "{\"subscription_id\":\"s1\",\"metric\":\"data\",\"quantity\":1,\"unit\":\"MB\"}");
        }
        for (int i = 0; i < 20; i++) {
            send("small", "usage.recorded", T0.plusMillis(i * 100L), "{\"subscription_id\":\"s2\",\"metric\":\"data\",\"quantity\":1,\"unit\":\"MB\"}");
        }
        emit();
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        readAlerts();

        assertThat(alertsSeen).anySatisfy(a -> {
            assertThat(a.metric()).isEqualTo("tenant.share");
            assertThat(a.tenant()).isEqualTo("big");
            assertThat(a.explanation()).contains("quota");
        });
        assertThat(alertsSeen).noneSatisfy(a -> assertThat(a.tenant()).isEqualTo("small"));
        assertThat(figure("*", "partition.skew", "", "1m", T0).sum()).isGreaterThan(1.0);
    }

    /** A minute of a tenant's usual business: 30 orders, 20 payments of which {@code failed} fail, 10 usage records. */
    private void steadyMinute(String tenant, int minute, int failed) {
        Instant start = T0.plusSeconds(minute * 60L);
        int orders = 28 + (minute * 7) % 5;
        for (int i = 0; i < orders; i++) {
            send(tenant, "order.placed", start.plusMillis(i * 1_000L), order("o" + minute + "-" + i, "c" + i, 10 + i % 7));
        }
        for (int i = 0; i < 20; i++) {
            boolean fails = i < failed;
            send(tenant, "payment.processed", start.plusMillis(i * 1_500L), ("{\"payment_id\":\"p%d-%d\",\"customer_id\":\"c%d\","
                    + "\"amount\":%d,\"currency\":\"EUR\",\"status\":\"%s\"%s}").formatted(minute, i, i, 10 + (i * 3 + minute) % 11,
                    fails ? "failed" : "succeeded", fails ? ",\"failure_code\":\"card_declined\"" : ""));
        }
        driver.advanceWallClockTime(Duration.ofMinutes(1));
    }

    private static String order(String id, String customer, double amount) {
        return "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%s,\"currency\":\"EUR\"}".formatted(id, customer, amount);
    }

    private void send(String tenant, String type, Instant time, String data) {
        send(tenant, type, time, time.plusSeconds(1), data);
    }

    private void send(String tenant, String type, Instant time, Instant accepted, String data) {
        String id = "ev-" + (++sequence);
        BusEvent event = new BusEvent(tenant, UUID.randomUUID(), accepted, new CloudEvent(CloudEvent.SPEC_VERSION, id,
                "/test", type, type + "/" + id, time.toString(), "application/json", null, Map.of(),
                data.getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> record = EventRecords.toRecord(EVENTS, event);
        driver.createInputTopic(EVENTS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), record.timestamp()));
    }

    private void emit() {
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        readFigures();
    }

    private void readFigures() {
        for (TestRecord<String, byte[]> record : aggregated.readRecordsToList()) {
            Figure figure = Figure.SERDE.deserializer().deserialize("aggregated", record.value());
            figures.put(record.key(), figure);
        }
    }

    private void readAlerts() {
        readFigures();
        for (TestRecord<String, byte[]> record : alerts.readRecordsToList()) {
            alertsSeen.add(Alert.SERDE.deserializer().deserialize("alerts", record.value()));
        }
    }

    private Figure figure(String tenant, String name, String dims, String window, Instant start) {
        readFigures();
        Figure figure = figures.get(new Figure(tenant, name, dims, window, start.toEpochMilli(), 0, 0, 0).topicKey());
        assertThat(figure).as("%s %s{%s} %s at %s", tenant, name, dims, window, start).isNotNull();
        return figure;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
