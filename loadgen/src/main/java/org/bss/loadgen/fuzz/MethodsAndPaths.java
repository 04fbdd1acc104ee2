package org.bss.loadgen.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Wrong methods, paths, HTTP versions and request lines around a broken event, and reads of the event list with
 * queries it must refuse (a limit out of range or not a number, a bad cursor or time, broken percent-encoding).
 */
record MethodsAndPaths() implements Family {

    private static final List<String> METHODS = List.of("PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "post", "P0ST", "POSTX",
            "POST\u0000", "PO ST", "PROPFIND", "MKCOL", "BREW", "\u00d0OST", "M".repeat(1000));
    private static final List<String> PATHS = List.of("/api/v1/event", "/api/v1/events/", "/api/v1/events/x", "/api/v2/events",
            "/API/V1/EVENTS", "//api/v1/events", "/api/v1//events", "/api/v1/./events", "/api/v1/../v1/events", "/api/v1/%2e%2e/v1/events",
            "/api/v1/events%00", "/api/v1/events%2f", "/api/v1/events%2F..%2Fevents", "/api/v1/events;x=1/..", "/api/v1/events#frag",
            "*", "http://other.example/api/v1/events", "api/v1/events", "/api/v1/ev ents", "/api/v1/events\t", "/api/v1/\u00e9vents",
            "/api/v1/events?x=%zz", "/%", "/%zz", "/api/v1/%ZZ", "/error", "/actuator/env", "/actuator/heapdump", "/api/v1/admin/tenants",
            "/api/v1/events\\..\\x", "/..;/api/v1/events", "/api/v1/events%20", "/api/v1/events%u0000");
    private static final List<String> VERSIONS = List.of("HTTP/1.0", "HTTP/2.0", "HTTP/3.0", "HTTP/1.12", "http/1.1", "HTTP/1.1 x",
            "HTTP/1", "HTTP/9.9", "HTTP/1.1\u0000", "HTTX/1.1", "");
    private static final List<String> QUERIES = List.of("limit=0", "limit=-1", "limit=1001", "limit=abc", "limit=1e3", "limit=99999999999",
            "limit=%zz", "after=garbage", "after=%zz", "from=yesterday", "to=2025-13-01T00:00:00Z", "type=%zz",
            "limit=%00", "source=%", "from=%E0%80%AF");

    @Override
    public String name() {
        return "method-path";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        Http1Request base = Http1Request.structured(target, Events.brokenJson(target, random));
        return switch (random.nextInt(6)) {
            case 0, 1 -> {
                String method = Family.pick(random, METHODS);
                yield request("method " + printable(method), base.withLine(method + " " + Http1Request.EVENTS + " HTTP/1.1"));
            }
            case 2 -> {
                String path = Family.pick(random, PATHS);
                yield request("path " + printable(path), base.withLine("POST " + path + " HTTP/1.1"));
            }
            case 3 -> {
                String version = Family.pick(random, VERSIONS);
                yield request("version " + (version.isEmpty() ? "none" : printable(version)),
                        base.withLine("POST " + Http1Request.EVENTS + (version.isEmpty() ? "" : " " + version)));
            }
            case 4 -> request("malformed request line", base.withLine(Family.pick(random, "POST  " + Http1Request.EVENTS + "  HTTP/1.1",
                    "POST\t" + Http1Request.EVENTS + "\tHTTP/1.1", "POST", " POST " + Http1Request.EVENTS + " HTTP/1.1", "",
                    "POST " + Http1Request.EVENTS + " HTTP/1.1 extra")));
            default -> {
                String query = Family.pick(random, QUERIES);
                yield request("GET ?" + query, Http1Request.structured(target, new byte[0]).without("Content-Type").without("Content-Length")
                        .withLine("GET " + Http1Request.EVENTS + "?" + query + " HTTP/1.1"));
            }
        };
    }

    private FuzzRequest request(String name, Http1Request request) {
        return new FuzzRequest(name(), name, request.bytes());
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 10) + "...(" + text.length() + " chars)" : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
