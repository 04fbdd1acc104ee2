package org.bss.loadgen.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Wrong, missing and garbage content types and charsets, around an event with an envelope fault (the guard cannot
 * tell which content types the platform reads, so the body is refusable in any case).
 */
record ContentTypes() implements Family {

    private static final List<String> TYPES = List.of("", " ", "text/plain", "application/xml", "application/cloudevents+xml",
            "application/cloudevents+json; charset=utf-16", "application/cloudevents+json; charset=\"",
            "application/cloudevents+json; charset=ebcdic", "application/json; charset=latin1", "APPLICATION/CLOUDEVENTS+JSON",
            "application/cloudevents-batch+json", "*/*", "application/*", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/cloudevents+json;;;=", "application/cloud events+json", "/json",
            "application", ";", "application/cloudevents+json, text/plain", "application/cloudevents+json; charset=utf-8; charset=utf-16",
            "application/cloudevents+json\u0000", "application/cloudevents+json\u0001x", "application/cloudevents+json\u00ff",
            "text/html; charset=utf-8", "application/octet-stream", "application/cloudevents", "application/json+cloudevents");

    @Override
    public String name() {
        return "content-type";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        byte[] body = Events.brokenJson(target, random);
        return switch (random.nextInt(8)) {
            case 0 -> request("no Content-Type", Http1Request.post(target, null, body));
            case 1 -> request("two Content-Type headers", Http1Request.structured(target, body)
                    .with("Content-Type: " + Family.pick(random, "text/plain", "application/json", "application/cloudevents-batch+json")));
            case 2 -> request("long parameter", Http1Request.post(target,
                    "application/cloudevents+json; a=" + "b".repeat(100 + random.nextInt(6000)), body));
            case 3 -> request("long type", Http1Request.post(target, "application/" + "x".repeat(100 + random.nextInt(6000)), body));
            case 4 -> request("random printable", Http1Request.post(target, Bytes.printable(random, 1 + random.nextInt(80)), body));
            case 5 -> {
                StringBuilder garbage = new StringBuilder();
                for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
                    garbage.append((char) (0x80 + random.nextInt(0x80)));
                }
                yield request("random high bytes", Http1Request.post(target, garbage.toString(), body));
            }
            default -> {
                String type = Family.pick(random, TYPES);
                yield request(type.isBlank() ? "blank" : type.replaceAll("[^\\x20-\\x7e]", "?"), Http1Request.post(target, type, body));
            }
        };
    }

    private static FuzzRequest request(String name, Http1Request request) {
        return new FuzzRequest("content-type", name, request.bytes());
    }
}
