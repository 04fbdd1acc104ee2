package org.bss.loadgen.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Binary mode with broken {@code ce-*} headers: a required one missing or empty, a bad specversion or time, control
 * characters raw or percent-encoded, bad extension names, another tenant's {@code ce-tenantid}, JSON data that is
 * not JSON. When a fault might still leave a readable event, the specversion is broken as well.
 */
record BinaryHeaders() implements Family {

    private static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");

    @Override
    public String name() {
        return "binary";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        Http1Request base = Events.binary(target, random);
        String attribute = Family.pick(random, REQUIRED);
        String text = Family.pick(random, "id", "type", "subject", "source");
        Case fault = switch (random.nextInt(14)) {
            case 0 -> new Case("missing ce-" + attribute, base.without("ce-" + attribute));
            case 1 -> new Case("empty ce-" + attribute, base.replace("ce-" + attribute, ""));
            case 2 -> new Case("bad ce-specversion", base.replace("ce-specversion", Family.pick(random, "0.3", "1", "2.0", "1.0 x", "v1.0", "1.0.0")));
            case 3 -> new Case("bad ce-time", base.replace("ce-time", Family.pick(random, "yesterday", "2025-13-01T00:00:00Z",
                    "2025-11-07T10:30:00", "9999999999", "2025-02-30T00:00:00Z", "2025-11-07T25:00:00Z", "")));
            case 4 -> new Case("raw control character in ce-" + text, base.replace("ce-" + text,
                    "a" + Family.pick(random, "\u0001", "\u007f", "\u0085", "\u009f", "\u0000", "\u001b") + "b"));
            case 5 -> new Case("percent-encoded control character in ce-" + text, base.replace("ce-" + text,
                    "a" + Family.pick(random, "%00", "%0A", "%0d", "%1F", "%7F", "%C2%80", "%C2%9F", "%ED%A0%80", "%EF%BF%BF") + "b"));
            case 6 -> new Case("bad ce-source", base.replace("ce-source", Family.pick(random, "a b", "a%20b", "http://[bad", "%zz z")));
            case 7 -> new Case("relative ce-dataschema", base.with("ce-dataschema: " + Family.pick(random, "relative/path", "/absolute/path", "x y")));
            case 8 -> new Case("bad extension name", base.with(Family.pick(random, "ce-Bad_Name", "ce-a.b", "ce-a-b", "ce-\u00fc", "ce-",
                    "ce-a b") + ": x"));
            case 9 -> new Case("ce-tenantid of the other tenant", base.with("ce-tenantid: " + target.otherTenantId()));
            case 10 -> new Case("JSON data that is not JSON", base.withBody(Family.pick(random, Bytes.ascii("{"), Bytes.ascii("{\"a\":}"),
                    Bytes.random(random, 1 + random.nextInt(300)), Bytes.ascii("[1,2"), Bytes.ascii("nul"))));
            case 11 -> new Case("Content-Type not a media type", base.replace("Content-Type", Family.pick(random, "json", "application/ json",
                    "application", "x/")));
            case 12 -> new Case("CR inside a header value", base.replace("ce-" + text, "a\rb"));
            default -> new Case("ce-time twice, both bad", base.replace("ce-time", "bad").with("ce-time: worse"));
        };
        Http1Request request = fault.request();
        if (Guard.couldBeAccepted(request.bytes(), target)) {
            request = request.without("ce-specversion").with("ce-specversion: 0.3");
        }
        return new FuzzRequest(name(), fault.name(), request.bytes());
    }

    private record Case(String name, Http1Request request) {
    }
}
