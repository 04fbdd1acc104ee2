package org.bss.loadgen.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Bodies over the platform's limits (an event over 256 KiB, a batch over 5 MiB, a batch member over 256 KiB, with
 * Content-Length, chunked, or only declared) and heads over them (many headers, one huge header, a huge request line
 * or cookie). Every event in them has an envelope fault as well, so a platform with higher limits refuses them too.
 */
record Oversize() implements Family {

    static final int EVENT_LIMIT = 256 * 1024;
    static final int BATCH_LIMIT = 5 * 1024 * 1024;

    @Override
    public String name() {
        return "oversize";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        return switch (random.nextInt(12)) {
            case 0 -> request("event over 256 KiB", Http1Request.structured(target, bigEvent(random, target, EVENT_LIMIT + 1 + random.nextInt(64 * 1024))));
            case 1 -> request("event over 256 KiB, chunked", Http1Request.structured(target, new byte[0]).without("Content-Length")
                    .with("Transfer-Encoding: chunked").withRawBody(Framing.chunks(random, bigEvent(random, target, EVENT_LIMIT + 1 + random.nextInt(64 * 1024)), true)));
            case 2 -> request("declared over the limit, small body", Http1Request.structured(target, Events.brokenJson(target, random))
                    .replace("Content-Length", Family.pick(random, "262145", "300000", "5242881", "10000000", "2147483647")));
            case 3 -> {
                List<String> members = new ArrayList<>();
                int size = 2;
                while (size <= BATCH_LIMIT) {
                    String member = new String(bigEvent(random, target, 200 * 1024 + random.nextInt(50 * 1024)), StandardCharsets.UTF_8);
                    members.add(member);
                    size += member.length() + 1;
                }
                yield request("batch over 5 MiB", Http1Request.post(target, "application/cloudevents-batch+json",
                        Bytes.utf8("[" + String.join(",", members) + "]")));
            }
            case 4 -> request("batch member over 256 KiB", Http1Request.post(target, "application/cloudevents-batch+json", Bytes.concat(
                    Bytes.ascii("["), bigEvent(random, target, EVENT_LIMIT + 1 + random.nextInt(10_000)), Bytes.ascii(","),
                    Events.brokenJson(target, random), Bytes.ascii("]"))));
            case 5 -> {
                List<String> headers = Events.binaryHeaders(target, random);
                headers.removeIf(h -> h.startsWith("ce-id:"));
                yield request("binary data over 256 KiB", Http1Request.post(target, "application/octet-stream",
                        Bytes.random(random, EVENT_LIMIT + 1 + random.nextInt(64 * 1024))).withAll(headers));
            }
            case 6 -> {
                List<String> many = new ArrayList<>();
                for (int i = 0, n = 101 + random.nextInt(5000); i < n; i++) {
                    many.add("X-Fuzz-" + i + ": " + i);
                }
                yield request("many headers", Http1Request.structured(target, Events.brokenJson(target, random)).withAll(many));
            }
            case 7 -> request("huge header", Http1Request.structured(target, Events.brokenJson(target, random))
                    .with("X-Fuzz: " + "v".repeat(8 * 1024 + random.nextInt(1024 * 1024))));
            case 8 -> request("huge request line", Http1Request.structured(target, Events.brokenJson(target, random))
                    .withLine("POST " + Http1Request.EVENTS + "?a=" + "x".repeat(8 * 1024 + random.nextInt(200 * 1024)) + " HTTP/1.1"));
            case 9 -> request("huge cookie", Http1Request.structured(target, Events.brokenJson(target, random))
                    .with("Cookie: " + "c=" + "y".repeat(8 * 1024 + random.nextInt(64 * 1024))));
            case 10 -> {
                List<String> headers = Events.binaryHeaders(target, random);
                headers.set(0, "ce-specversion: 0.3");
                for (int i = 0, n = 200 + random.nextInt(2000); i < n; i++) {
                    headers.add("ce-fuzz" + i + ": " + i);
                }
                yield request("many ce- headers", Http1Request.post(target, "application/json", Events.binaryData(random)).withAll(headers));
            }
            default -> request("huge header name", Http1Request.structured(target, Events.brokenJson(target, random))
                    .with("X-" + "N".repeat(8 * 1024 + random.nextInt(64 * 1024)) + ": v"));
        };
    }

    /** An event with an envelope fault, padded in its data to about {@code size} bytes. */
    private static byte[] bigEvent(RandomGenerator random, FuzzTarget target, int size) {
        Map<String, String> attributes = Events.broken(target, random);
        int rest = Math.max(0, size - Events.json(attributes).length() - 40);
        attributes.put("data", "{\"customer_id\":\"c\",\"pad\":\"" + "x".repeat(rest) + "\"}");
        return Events.bytes(attributes);
    }

    private FuzzRequest request(String name, Http1Request request) {
        return new FuzzRequest(name(), name, request.bytes());
    }
}
