package org.bss.bench.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.envelope.Violation;
import org.bss.model.schema.DataQualityRules;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import org.bss.model.schema.EventData;
import org.bss.platform.bus.BusEvent;
import tools.jackson.databind.JsonNode;

/**
 * Realistic BSS events for the store benchmark: order.placed, payment.created and customer.created of the catalog,
 * about 540 bytes each as structured CloudEvents JSON (with a traceparent and the tenantid extension; data about
 * 210 bytes), over several tenants and many subjects (customers/..., orders/...).
 * Deterministic for a seed (ids, data), except the platform's event ids (UUIDv7) and accept instants (now).
 */
final class BenchEvents {

    private static final String[] FIRST = {"Jan", "Anna", "Piotr", "Maria", "Tomasz", "Katarzyna", "Michal", "Agnieszka",
            "John", "Emma", "Lukas", "Sofia", "Marek", "Ewa", "Pawel", "Julia"};
    private static final String[] LAST = {"Kowalski", "Nowak", "Wisniewska", "Wojcik", "Kaminski", "Lewandowska", "Smith",
            "Mueller", "Rossi", "Garcia", "Zielinski", "Szymanska"};
    private static final String[] CITY = {"Warszawa", "Kraków", "Gdańsk", "Wrocław", "Poznań", "Łódź", "Berlin", "Praha"};
    private static final String[] STREET = {"ul. Prosta", "ul. Złota", "ul. Długa", "al. Jerozolimskie", "ul. Marszałkowska",
            "ul. Piękna", "Hauptstraße", "Vinohradská"};
    private static final String[][] PRODUCT = {
            {"SKU-1001", "9.99"}, // SIM card
            {"SKU-1002", "4.99"}, // eSIM activation
            {"SKU-2002", "19.90"}, // roaming pack
            {"SKU-3001", "649.00"}, // smartphone
            {"SKU-3002", "89.90"}, // earbuds
            {"SKU-4001", "129.00"}, // fibre router
            {"SKU-5001", "35.00"}, // plan upgrade
            {"SKU-6001", "59.88"}}; // device insurance
    private static final String[] PAYMENT_METHOD = {"card", "direct_debit", "bank_transfer", "wallet"};
    private static final String[] CHANNEL = {"web", "app", "retail", "call_center"};
    private static final String[] CURRENCY = {"EUR", "PLN", "USD", "CZK"};

    /** The events, and the share of each type. */
    record Generated(List<BusEvent> events, Map<String, Integer> byType, double avgStructuredBytes, double avgDataBytes) {
    }

    private BenchEvents() {
    }

    /**
     * @param n       how many events
     * @param tenants over how many tenants (bench-t1 ... bench-tN)
     * @param seed    for the random choices
     */
    static Generated generate(int n, int tenants, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int customersPerTenant = Math.max(100, n / tenants / 20);
        long acceptMillis = Instant.now().toEpochMilli();
        List<BusEvent> events = new ArrayList<>(n);
        Map<String, Integer> byType = new LinkedHashMap<>();
        int[] orderSeq = new int[tenants];
        int[] paymentSeq = new int[tenants];
        long structuredBytes = 0;
        long dataBytes = 0;
        for (int i = 0; i < n; i++) {
            int t = random.nextInt(tenants);
            String tenant = "bench-t" + (t + 1);
            String customer = String.format(Locale.ROOT, "cus-%d-%06d", t + 1, random.nextInt(customersPerTenant));
            // accept instants in the order of generation, 100 events per millisecond (one UTC day in any case)
            Instant receivedAt = Instant.ofEpochMilli(acceptMillis + i / 100);
            String time = DateTimeFormatter.ISO_INSTANT.format(receivedAt.minusMillis(random.nextInt(1, 1500)));
            int kind = random.nextInt(100);
            String type;
            String source;
            String subject;
            String data;
            if (kind < 40) {
                type = "payment.created";
                source = "/tenants/" + tenant + "/payments";
                subject = "customers/" + customer;
                data = payment(random, t, customer, ++paymentSeq[t]);
            } else if (kind < 75) {
                type = "order.placed";
                source = "/tenants/" + tenant + "/webshop";
                String order = String.format(Locale.ROOT, "ord-%d-%07d", t + 1, ++orderSeq[t]);
                subject = "orders/" + order;
                data = order(random, order, customer);
            } else {
                type = "customer.created";
                source = "/tenants/" + tenant + "/crm";
                subject = "customers/" + customer;
                data = customer(random, customer);
            }
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("traceparent", "00-" + hex(random, 32) + "-" + hex(random, 16) + "-01");
            CloudEvent event = new CloudEvent("1.0", new UUID(random.nextLong(), random.nextLong()).toString(), source, type,
                    subject, time, "application/json", null, extensions, data.getBytes(StandardCharsets.UTF_8));
            events.add(new BusEvent(tenant, Uuid7.next(), receivedAt, event));
            byType.merge(type, 1, Integer::sum);
            dataBytes += event.data().length;
            if (i % 10 == 0) { // as a client sends it, with the tenant extension the platform adds
                structuredBytes += StructuredFormat.write(event.withExtension("tenantid", tenant)).length;
            }
        }
        return new Generated(events, byType, structuredBytes / (double) ((n + 9) / 10), dataBytes / (double) n);
    }

    /**
     * Checks every k-th event as ingest would: envelope rules, the catalog schema of its type, the data-quality rules.
     * Returns the number checked; throws on the first invalid one.
     */
    static int validate(List<BusEvent> events, int every) {
        EventCatalog catalog = EventCatalog.builtIn();
        Instant now = Instant.now();
        int checked = 0;
        for (int i = 0; i < events.size(); i += every) {
            BusEvent bus = events.get(i);
            CloudEvent event = bus.event().withExtension("tenantid", bus.tenantId());
            List<Violation> violations = new ArrayList<>(EnvelopeRules.check(event));
            DataSchema schema = catalog.schemaFor(event.type())
                    .orElseThrow(() -> new IllegalStateException("no catalog schema for " + event.type()));
            JsonNode data = EventData.parse(event.data());
            violations.addAll(schema.validate(data));
            violations.addAll(DataQualityRules.check(event, data, now, Duration.ofMinutes(5)));
            if (!violations.isEmpty()) {
                throw new IllegalStateException("generated event " + i + " is not valid: " + violations + "\n"
                        + new String(StructuredFormat.write(event), StandardCharsets.UTF_8));
            }
            checked++;
        }
        return checked;
    }

    private static String payment(SplittableRandom random, int t, String customer, int seq) {
        return String.format(Locale.ROOT,
                "{\"payment_id\":\"pay-%d-%08d\",\"customer_id\":\"%s\",\"amount\":%.2f,\"currency\":\"%s\","
                        + "\"order_id\":\"ord-%d-%07d\",\"payment_method\":\"%s\",\"status\":\"pending\"}",
                t + 1, seq, customer, 5 + random.nextInt(50_000) / 100.0, pick(random, CURRENCY), t + 1,
                1 + random.nextInt(Math.max(1, seq)), pick(random, PAYMENT_METHOD));
    }

    private static String order(SplittableRandom random, String order, String customer) {
        StringBuilder items = new StringBuilder();
        long cents = 0;
        int count = 1 + random.nextInt(3);
        for (int k = 0; k < count; k++) {
            String[] product = pick(random, PRODUCT);
            int quantity = 1 + random.nextInt(3);
            cents += Math.round(Double.parseDouble(product[1]) * 100) * quantity;
            if (k > 0) {
                items.append(',');
            }
            items.append("{\"product_id\":\"").append(product[0]).append("\",\"quantity\":").append(quantity).append(",\"price\":").append(product[1]).append('}');
        }
        return String.format(Locale.ROOT,
                "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%d.%02d,\"currency\":\"%s\",\"items\":[%s],"
                        + "\"payment_method\":\"%s\",\"channel\":\"%s\"}",
                order, customer, cents / 100, cents % 100, pick(random, CURRENCY), items, pick(random, PAYMENT_METHOD),
                pick(random, CHANNEL));
    }

    private static String customer(SplittableRandom random, String customer) {
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        return String.format(Locale.ROOT,
                "{\"customer_id\":\"%s\",\"email\":\"%s.%s.%d@example.com\",\"first_name\":\"%s\",\"last_name\":\"%s\","
                        + "\"phone\":\"+48 6%02d %03d %03d\",\"address\":{\"street\":\"%s %d\",\"city\":\"%s\",\"country\":\"PL\"}}",
                customer, first.toLowerCase(Locale.ROOT), last.toLowerCase(Locale.ROOT), random.nextInt(10_000), first, last,
                random.nextInt(100), random.nextInt(1000), random.nextInt(1000), pick(random, STREET), 1 + random.nextInt(200),
                pick(random, CITY));
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String hex(SplittableRandom random, int digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }
}
