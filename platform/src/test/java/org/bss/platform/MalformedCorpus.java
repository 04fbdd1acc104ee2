package org.bss.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Over a hundred malformed events, each with the status and the JSON pointer the platform must answer with.
 * Built from a valid payment.created by breaking one thing at a time, plus broken documents, data that breaks
 * the catalog schema, binary-mode headers, sizes and media types.
 */
final class MalformedCorpus {

    /** One malformed request. {@code pointer} null: the status alone is checked. */
    record Case(String name, Map<String, String> headers, String body, int status, String pointer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String STRUCTURED = "application/cloudevents+json";

    private MalformedCorpus() {
    }

    /** A valid event's attributes, in order; a case replaces, removes or adds one. */
    static Map<String, String> valid(String tenant) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "\"1.0\"");
        attributes.put("type", "\"payment.created\"");
        attributes.put("id", "\"evt-1\"");
        attributes.put("source", "\"/tenants/" + tenant + "\"");
        attributes.put("subject", "\"customer/cust-001\"");
        attributes.put("time", "\"2025-11-07T10:30:00Z\"");
        attributes.put("datacontenttype", "\"application/json\"");
        attributes.put("data", "{\"amount\":100.50,\"currency\":\"USD\",\"customer_id\":\"cust-001\"}");
        return attributes;
    }

    static String json(Map<String, String> attributes) {
        StringBuilder out = new StringBuilder("{");
        attributes.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value));
        return out.append('}').toString();
    }

    static List<Case> cases(String tenant) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> structured = Map.of("Content-Type", STRUCTURED);

        // Envelope: one attribute broken at a time.
        for (String required : List.of("specversion", "id", "source", "type")) {
            cases.add(attribute(tenant, required + " missing", required, null, 400, "/" + required));
            cases.add(attribute(tenant, required + " empty", required, "\"\"", 400, "/" + required));
            cases.add(attribute(tenant, required + " a number", required, "42", 400, "/" + required));
            cases.add(attribute(tenant, required + " null", required, "null", 400, "/" + required));
            cases.add(attribute(tenant, required + " an object", required, "{\"a\":1}", 400, "/" + required));
        }
        for (String version : List.of("\"0.3\"", "\"1\"", "\"2.0\"", "\"1.0.2\"", "\" 1.0\"")) {
            cases.add(attribute(tenant, "specversion " + version, "specversion", version, 400, "/specversion"));
        }
        for (String source : List.of("\"not a uri\"", "\"http://[bad\"", "\"%zz\"", "\"a\\\"b\"", "\"urn:x y\"")) {
            cases.add(attribute(tenant, "source " + source, "source", source, 400, "/source"));
        }
        for (String time : List.of("\"yesterday\"", "\"2025-13-01T00:00:00Z\"", "\"2025-11-07\"", "\"2025-11-07T10:30:00\"",
                "\"2025-11-07 10:30:00Z\"", "\"10:30:00Z\"", "12345", "\"\"", "\"2025-02-30T00:00:00Z\"", "\"2025-11-07T25:00:00Z\"",
                "\"2099-01-01T00:00:00Z\"", "\"0000-06-01T00:00:00Z\"", "\"0001-01-01T00:00:00+01:00\"")) {
            cases.add(attribute(tenant, "time " + time, "time", time, 400, "/time"));
        }
        for (String schema : List.of("\"relative/path\"", "\"/absolute/path\"", "\"not a uri\"", "5", "\"\"")) {
            cases.add(attribute(tenant, "dataschema " + schema, "dataschema", schema, 400, "/dataschema"));
        }
        for (String type : List.of("\"json\"", "\"application\"", "\"\"", "7", "\"application/ json\"")) {
            cases.add(attribute(tenant, "datacontenttype " + type, "datacontenttype", type, 400, "/datacontenttype"));
        }
        cases.add(attribute(tenant, "subject empty", "subject", "\"\"", 400, "/subject"));
        cases.add(attribute(tenant, "id with U+0000", "id", "\"evt\\u0000x\"", 400, "/id"));
        cases.add(attribute(tenant, "type with a newline", "type", "\"payment\\ncreated\"", 400, "/type"));
        cases.add(attribute(tenant, "subject a number", "subject", "12", 400, "/subject"));
        for (String name : List.of("Bad", "bad_name", "bad-name", "ümlaut", "UPPER", "dot.name", "space name")) {
            cases.add(extra(tenant, "extension name " + name, name, "\"x\"", 400, "/" + name));
        }
        for (String value : List.of("{\"tenant_id\":\"t\"}", "[1,2]", "1.5", "99999999999", "1e3")) {
            cases.add(extra(tenant, "extension value " + value, "comdroidbss", value, 400, "/comdroidbss"));
        }
        cases.add(extra(tenant, "tenantid of another tenant", "tenantid", "\"someone-else\"", 403, "/tenantid"));
        cases.add(raw("id twice", structured, json(valid(tenant)).replace("\"id\":\"evt-1\"", "\"id\":\"evt-1\",\"id\":\"evt-2\""), 400, "/id"));
        cases.add(raw("type twice", structured, json(valid(tenant)).replace("\"type\":\"payment.created\"",
                "\"type\":\"payment.created\",\"type\":\"x\""), 400, "/type"));
        cases.add(extra(tenant, "data and data_base64", "data_base64", "\"AAEC\"", 400, "/data_base64"));
        cases.add(extraWithout(tenant, "data_base64 not base64", "data_base64", "\"***\"", 400, "/data_base64"));
        cases.add(extraWithout(tenant, "data_base64 a number", "data_base64", "5", 400, "/data_base64"));

        // Documents that are not one JSON object.
        for (String body : List.of("", "{", "}", "[", "not json", "{\"id\":}", json(valid(tenant)) + " x", "null", "42",
                "\"a string\"", "[" + json(valid(tenant)) + "]", "{'id':'1'}", "{\"n\":NaN}", "{\"a\":1,}")) {
            cases.add(raw("document " + abbreviate(body), structured, body, 400, ""));
        }

        // Data against the catalog schema and the data-quality rules.
        for (var data : dataCases().entrySet()) {
            cases.add(attribute(tenant, "data " + data.getKey(), "data", data.getKey(), 400, data.getValue()));
        }

        // Binary mode.
        Map<String, String> binary = new LinkedHashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "evt-b", "ce-source", "/billing",
                "ce-type", "payment.created", "Content-Type", "application/json"));
        String data = "{\"amount\":1,\"currency\":\"USD\",\"customer_id\":\"c\"}";
        cases.add(binary("binary without ce-id", binary, "ce-id", null, data, 400, "/id"));
        cases.add(binary("binary with empty ce-type", binary, "ce-type", "", data, 400, "/type"));
        cases.add(binary("binary with ce-time not a time", binary, "ce-time", "now", data, 400, "/time"));
        cases.add(binary("binary with ce-source not a URI", binary, "ce-source", "a b", data, 400, "/source"));
        cases.add(binary("binary with ce-specversion 0.3", binary, "ce-specversion", "0.3", data, 400, "/specversion"));
        cases.add(binary("binary with ce-dataschema relative", binary, "ce-dataschema", "x/y", data, 400, "/dataschema"));
        cases.add(binary("binary with broken JSON data", binary, "ce-id", "evt-b", "{\"amount\":", 400, "/data"));
        cases.add(binary("binary with data against the schema", binary, "ce-id", "evt-b", "{\"amount\":\"ten\"}", 400, null));

        // Sizes and media types.
        cases.add(attribute(tenant, "an event over 256 KiB", "data",
                "{\"amount\":1,\"currency\":\"USD\",\"customer_id\":\"" + "x".repeat(257 * 1024) + "\"}", 413, null));
        cases.add(raw("text/plain", Map.of("Content-Type", "text/plain"), json(valid(tenant)), 415, null));
        cases.add(raw("application/xml", Map.of("Content-Type", "application/xml"), "<event/>", 415, null));
        cases.add(raw("no content type", Map.of(), json(valid(tenant)), 415, null));
        cases.add(raw("cloudevents+xml", Map.of("Content-Type", "application/cloudevents+xml"), "<event/>", 415, null));
        return cases;
    }

    /** Data that breaks payment.created's schema or the quality rules, with the pointer each must name. */
    static Map<String, String> dataCases() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("{\"amount\":\"abc\",\"currency\":\"USD\",\"customer_id\":\"c\"}", "/data/amount");
        data.put("{\"amount\":-5,\"currency\":\"USD\",\"customer_id\":\"c\"}", "/data/amount");
        data.put("{\"amount\":0,\"currency\":\"USD\",\"customer_id\":\"c\"}", "/data/amount");
        data.put("{\"amount\":10,\"currency\":\"usd\",\"customer_id\":\"c\"}", "/data/currency");
        data.put("{\"amount\":10,\"currency\":\"XYZ\",\"customer_id\":\"c\"}", "/data/currency");
        data.put("{\"amount\":10,\"currency\":\"US\",\"customer_id\":\"c\"}", "/data/currency");
        data.put("{\"amount\":10,\"currency\":\"USD\",\"customer_id\":42}", "/data/customer_id");
        data.put("{\"amount\":10,\"currency\":\"USD\",\"customer_id\":null}", "/data/customer_id");
        data.put("\"just a string\"", "/data");
        data.put("[1,2,3]", "/data");
        data.put("42", "/data");
        return data;
    }

    private static Case attribute(String tenant, String name, String attribute, String value, int status, String pointer) {
        Map<String, String> attributes = valid(tenant);
        if (value == null) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value);
        }
        return raw(name, Map.of("Content-Type", STRUCTURED), json(attributes), status, pointer);
    }

    private static Case extra(String tenant, String name, String attribute, String value, int status, String pointer) {
        Map<String, String> attributes = valid(tenant);
        attributes.put(attribute, value);
        return raw(name, Map.of("Content-Type", STRUCTURED), json(attributes), status, pointer);
    }

    private static Case extraWithout(String tenant, String name, String attribute, String value, int status, String pointer) {
        Map<String, String> attributes = valid(tenant);
        attributes.remove("data");
        attributes.put("datacontenttype", "\"application/octet-stream\"");
        attributes.put(attribute, value);
        return raw(name, Map.of("Content-Type", STRUCTURED), json(attributes), status, pointer);
    }

    private static Case binary(String name, Map<String, String> base, String header, String value, String body, int status,
            String pointer) {
        Map<String, String> headers = new LinkedHashMap<>(base);
        if (value == null) {
            headers.remove(header);
        } else {
            headers.put(header, value);
        }
        return raw(name, headers, body, status, pointer);
    }

    private static Case raw(String name, Map<String, String> headers, String body, int status, String pointer) {
        return new Case(name, headers, body, status, pointer);
    }

    private static String abbreviate(String body) {
        return body.length() > 24 ? body.substring(0, 24) + "…" : body;
    }
}
