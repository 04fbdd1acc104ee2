package org.bss.loadgen.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The events requests are made of: a valid customer.created of the fuzz tenant (for the pieces around a definite
 * fault, and for requests that carry no valid key), and the same event with one envelope fault that no reading of
 * it can mend ({@link #broken}). Attributes are kept as raw JSON values, in order, so that a case can replace,
 * remove or add one.
 */
final class Events {

    static final String TYPE = "customer.created";
    static final String TIME = "2025-11-07T10:30:00Z";

    /** Envelope faults, each one a violation of the CloudEvents rules whatever else the event holds. */
    private static final List<Fault> FAULTS = List.of(
            new Fault("specversion 0.3", "specversion", "\"0.3\""),
            new Fault("specversion 2.0", "specversion", "\"2.0\""),
            new Fault("specversion missing", "specversion", null),
            new Fault("id empty", "id", "\"\""),
            new Fault("id missing", "id", null),
            new Fault("id with U+0000", "id", "\"evt\\u0000x\""),
            new Fault("source not a URI", "source", "\"not a uri\""),
            new Fault("source missing", "source", null),
            new Fault("type missing", "type", null),
            new Fault("type with a newline", "type", "\"customer\\ncreated\""),
            new Fault("subject empty", "subject", "\"\""),
            new Fault("time not a time", "time", "\"2025-13-01T00:00:00Z\""),
            new Fault("time without a zone", "time", "\"2025-11-07T10:30:00\""),
            new Fault("datacontenttype not a media type", "datacontenttype", "\"json\""),
            new Fault("dataschema relative", "dataschema", "\"relative/path\""),
            new Fault("extension name upper-case", "Fuzz_Ext", "\"x\""));

    private Events() {
    }

    /** One envelope fault: the attribute set to a raw JSON value, or removed (value null). */
    record Fault(String name, String attribute, String value) {
    }

    /** A valid customer.created of the target's tenant, as raw JSON attribute values. */
    static Map<String, String> valid(FuzzTarget target, RandomGenerator random) {
        String n = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "\"1.0\"");
        attributes.put("id", "\"fuzz-" + n + "\"");
        attributes.put("source", "\"" + target.source() + "\"");
        attributes.put("type", "\"" + TYPE + "\"");
        attributes.put("subject", "\"customer/c-" + n + "\"");
        attributes.put("time", "\"" + TIME + "\"");
        attributes.put("datacontenttype", "\"application/json\"");
        attributes.put("data", data(n));
        return attributes;
    }

    static String data(String n) {
        return "{\"customer_id\":\"c-" + n + "\",\"customer_type\":\"individual\",\"email\":\"c-" + n + "@example.com\"}";
    }

    /** The fault a broken event gets. */
    static Fault fault(RandomGenerator random) {
        return FAULTS.get(random.nextInt(FAULTS.size()));
    }

    /** A valid event with one envelope fault. */
    static Map<String, String> broken(FuzzTarget target, RandomGenerator random) {
        return apply(valid(target, random), fault(random));
    }

    static Map<String, String> apply(Map<String, String> attributes, Fault fault) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (fault.value() == null) {
            copy.remove(fault.attribute());
        } else {
            copy.put(fault.attribute(), fault.value());
        }
        return copy;
    }

    static String json(Map<String, String> attributes) {
        StringBuilder out = new StringBuilder("{");
        attributes.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value));
        return out.append('}').toString();
    }

    static byte[] bytes(Map<String, String> attributes) {
        return json(attributes).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] validJson(FuzzTarget target, RandomGenerator random) {
        return bytes(valid(target, random));
    }

    static byte[] brokenJson(FuzzTarget target, RandomGenerator random) {
        return bytes(broken(target, random));
    }

    /** A batch of {@code count} broken events. */
    static byte[] brokenBatch(FuzzTarget target, RandomGenerator random, int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(json(broken(target, random)));
        }
        return ("[" + String.join(",", members) + "]").getBytes(StandardCharsets.UTF_8);
    }

    /** The binary-mode headers of a valid customer.created (without Content-Type), as header lines. */
    static List<String> binaryHeaders(FuzzTarget target, RandomGenerator random) {
        String n = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        return new ArrayList<>(List.of(
                "ce-specversion: 1.0",
                "ce-id: fuzz-" + n,
                "ce-source: " + target.source(),
                "ce-type: " + TYPE,
                "ce-subject: customer/c-" + n,
                "ce-time: " + TIME));
    }

    /** Binary-mode data of a valid customer.created. */
    static byte[] binaryData(RandomGenerator random) {
        return data(Long.toString(random.nextLong() & Long.MAX_VALUE, 36)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The request made from a valid event with a fault; made from an event that is broken already when the fault
     * alone might leave something the platform could accept ({@link Guard}).
     */
    static FuzzRequest definite(FuzzTarget target, RandomGenerator random, Function<Map<String, String>, FuzzRequest> make) {
        FuzzRequest request = make.apply(valid(target, random));
        if (!Guard.couldBeAccepted(request.bytes(), target)) {
            return request;
        }
        return make.apply(broken(target, random));
    }

    /** A valid binary-mode request of the fuzz tenant. */
    static Http1Request binary(FuzzTarget target, RandomGenerator random) {
        return Http1Request.post(target, "application/json", binaryData(random)).withAll(binaryHeaders(target, random));
    }
}
