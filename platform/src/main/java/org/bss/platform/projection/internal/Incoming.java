package org.bss.platform.projection.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.bss.model.envelope.Rfc3339;
import org.bss.model.readmodel.Aggregate;
import org.bss.model.readmodel.Fact;
import org.bss.model.readmodel.Stamp;
import org.bss.platform.bus.BusRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event the projection folds: its tenant, platform id, accept instant, a key that is the same however often
 * the event is sent ({@code tenant, source, id}), and the {@link Fact} the folds read. Times are cut to
 * microseconds, as the store keeps them, so that folding the stored event gives exactly what folding it live did.
 */
record Incoming(String tenantId, UUID eventId, Instant receivedAt, UUID key, Fact fact) {

    /** The event as a fact, or null when it is not one of the types the read models fold. */
    static Incoming of(BusRecord record, JsonMapper json) throws PoisonException {
        String type = utf8(record.type());
        if (!Aggregate.folds(type)) {
            return null;
        }
        String tenant = utf8(record.tenantId());
        String source = utf8(record.source());
        String id = utf8(record.id());
        Instant receivedAt = Instant.ofEpochMilli(record.receivedAtMillis());
        Instant time = record.time() == null ? receivedAt : Rfc3339.parseOrNull(utf8(record.time()));
        if (time == null) {
            throw new PoisonException("time", "time '" + utf8(record.time()) + "' is not an RFC 3339 date-time");
        }
        JsonNode data = data(record, json);
        Incoming incoming = new Incoming(tenant, record.eventId(), receivedAt, key(tenant, source, id),
                new Fact(type, new Stamp(time.truncatedTo(ChronoUnit.MICROS), source, id), data));
        incoming.requireIds();
        return incoming;
    }

    /** The customer the event names, or null (usage may leave it out). */
    String customerId() {
        return fact.text("customer_id");
    }

    static UUID key(String tenant, String source, String id) {
        return UUID.nameUUIDFromBytes((tenant + '\u0000' + source + '\u0000' + id).getBytes(StandardCharsets.UTF_8));
    }

    private void requireIds() throws PoisonException {
        Aggregate kind = Aggregate.owning(fact.type());
        if (kind == null) {
            if (fact.text("subscription_id") == null || fact.text("metric") == null) {
                throw new PoisonException("missing-id", fact.type() + " without subscription_id or metric");
            }
            return;
        }
        if (customerId() == null) {
            throw new PoisonException("missing-id", fact.type() + " without customer_id");
        }
        if (kind != Aggregate.PAYMENT && kind.idIn(fact) == null) {
            throw new PoisonException("missing-id", fact.type() + " without " + kind.name().toLowerCase() + "_id");
        }
    }

    private static JsonNode data(BusRecord record, JsonMapper json) throws PoisonException {
        if (record.data() == null) {
            throw new PoisonException("no-data", "no data");
        }
        try {
            JsonNode data = json.readTree(record.data());
            if (!data.isObject()) {
                throw new PoisonException("data", "data is not a JSON object");
            }
            return data;
        } catch (JacksonException e) {
            throw new PoisonException("data", "data is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
