package org.bss.loadgen.fuzz;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Structured-mode bodies that are not a valid CloudEvent document: truncated, nested 10,000 levels deep, huge
 * numbers, invalid UTF-8, NUL bytes, byte order marks, duplicate attributes, wrong JSON types for every attribute,
 * broken syntax, raw control characters, broken escapes.
 */
record BrokenJson() implements Family {

    private static final List<String> ATTRIBUTES =
            List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data_base64", "tenantid");
    private static final List<String> WRONG_VALUES = List.of("42", "-1.5e300", "true", "false", "null", "[]", "{}", "[\"1.0\"]",
            "{\"a\":1}", "[[[]]]", "0", "\"\"");
    private static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xA0, (byte) 0xA1}, new byte[] {(byte) 0xE2, 0x28, (byte) 0xA1}, new byte[] {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC},
            new byte[] {(byte) 0xF8, (byte) 0xA1, (byte) 0xA1, (byte) 0xA1, (byte) 0xA1}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF});

    @Override
    public String name() {
        return "json";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        return switch (random.nextInt(12)) {
            case 0 -> {
                byte[] valid = Events.validJson(target, random);
                yield request(target, random, "truncated", Arrays.copyOf(valid, random.nextInt(valid.length)));
            }
            case 1 -> deep(random, target);
            case 2 -> hugeNumber(random, target);
            case 3 -> definite(random, target, "invalid UTF-8", attributes -> {
                String attribute = Family.pick(random, "id", "subject", "data", "source", "type");
                String marker = "\"" + attribute + "\":" + (attribute.equals("data") ? "{\"customer_id\":\"" : "\"");
                return Bytes.insertAfter(Events.bytes(attributes), marker, Family.pick(random, INVALID_UTF8));
            });
            case 4 -> definite(random, target, "NUL byte", attributes -> {
                byte[] json = Events.bytes(attributes);
                return Bytes.insert(json, 1 + random.nextInt(json.length - 1), new byte[] {0});
            });
            case 5 -> byteOrderMark(random, target);
            case 6 -> definite(random, target, "duplicate attribute", attributes -> {
                String attribute = Family.pick(random, "specversion", "id", "source", "type", "time", "data", "subject");
                String json = Events.json(attributes);
                return Bytes.utf8(json.substring(0, json.length() - 1) + ",\"" + attribute + "\":" + attributes.get(attribute) + "}");
            });
            case 7 -> {
                String attribute = Family.pick(random, ATTRIBUTES);
                String value = Family.pick(random, WRONG_VALUES);
                yield definite(random, target, "wrong type: " + attribute, attributes -> {
                    attributes.put(attribute, value);
                    return Events.bytes(attributes);
                });
            }
            case 8 -> syntax(random, target);
            case 9 -> definite(random, target, "raw control character", attributes -> Bytes.insertAfter(Events.bytes(attributes),
                    "\"" + Family.pick(random, "id", "subject", "source", "type") + "\":\"",
                    new byte[] {Family.pick(random, (byte) 0x0A, (byte) 0x09, (byte) 0x01, (byte) 0x1F, (byte) 0x0D, (byte) 0x08)}));
            case 10 -> {
                String escape = Family.pick(random, "\\x41", "\\u12", "\\uZZZZ", "\\", "\\ud800", "\\udc00x", "\\u0000", "\\'");
                yield definite(random, target, "broken escape", attributes -> Bytes.insertAfter(Events.bytes(attributes),
                        "\"" + Family.pick(random, "id", "subject", "type") + "\":\"", Bytes.ascii(escape)));
            }
            default -> definite(random, target, "huge name", attributes -> {
                attributes.put(Family.pick(random, "X", "-", "_", "\u00e9") + "a".repeat(1000 + random.nextInt(150_000)), "\"x\"");
                return Events.bytes(attributes);
            });
        };
    }

    private static FuzzRequest deep(RandomGenerator random, FuzzTarget target) {
        int levels = 10_000;
        return switch (random.nextInt(4)) {
            case 0 -> definite(random, target, "nested arrays 10,000 deep in data", attributes -> {
                attributes.put("data", "[".repeat(levels) + "]".repeat(levels));
                return Events.bytes(attributes);
            });
            case 1 -> definite(random, target, "nested objects 10,000 deep in data", attributes -> {
                attributes.put("data", "{\"a\":".repeat(levels) + "1" + "}".repeat(levels));
                return Events.bytes(attributes);
            });
            case 2 -> request(target, random, "unclosed nesting 10,000 deep", Bytes.repeat("[", levels));
            default -> definite(random, target, "nested extension 10,000 deep", attributes -> {
                attributes.put("deep", "[".repeat(levels) + "]".repeat(levels));
                return Events.bytes(attributes);
            });
        };
    }

    private static FuzzRequest hugeNumber(RandomGenerator random, FuzzTarget target) {
        String number = switch (random.nextInt(6)) {
            case 0 -> "1" + "0".repeat(2000 + random.nextInt(200_000));
            case 1 -> "1e999999999";
            case 2 -> "-1E-2147483649";
            case 3 -> "0." + "0".repeat(5000) + "1";
            case 4 -> "123456789012345678901234567890e123456789";
            default -> "9".repeat(1001);
        };
        String where = Family.pick(random, "data", "attribute", "extension");
        return definite(random, target, "huge number in " + where, attributes -> {
            switch (where) {
                case "data" -> attributes.put("data", "{\"customer_id\":\"c\",\"n\":" + number + "}");
                case "attribute" -> attributes.put(Family.pick(random, "id", "specversion", "time"), number);
                default -> attributes.put("fuzzn", number);
            }
            return Events.bytes(attributes);
        });
    }

    private static FuzzRequest byteOrderMark(RandomGenerator random, FuzzTarget target) {
        return switch (random.nextInt(5)) {
            case 0 -> definite(random, target, "UTF-16BE with BOM", attributes -> Bytes.concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                    Events.json(attributes).getBytes(StandardCharsets.UTF_16BE)));
            case 1 -> definite(random, target, "UTF-16LE without BOM", attributes -> Events.json(attributes).getBytes(StandardCharsets.UTF_16LE));
            case 2 -> definite(random, target, "UTF-8 BOM twice", attributes -> Bytes.concat(
                    new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Events.bytes(attributes)));
            case 3 -> definite(random, target, "BOM inside the object", attributes -> Bytes.insert(Events.bytes(attributes), 1,
                    new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}));
            default -> definite(random, target, "UTF-32BE with BOM", attributes -> Bytes.concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF},
                    Events.json(attributes).getBytes(Charset.forName("UTF-32BE"))));
        };
    }

    private static FuzzRequest syntax(RandomGenerator random, FuzzTarget target) {
        int kind = random.nextInt(16);
        String name = List.of("trailing comma", "single quotes", "comment", "NaN", "leading zero", "unquoted name", "missing colon",
                "missing comma", "extra brace", "two objects", "trailing garbage", "empty body", "only white space", "null",
                "an array of the event", "a string").get(kind);
        return definite(random, target, name, attributes -> {
            String json = Events.json(attributes);
            String broken = switch (kind) {
                case 0 -> json.substring(0, json.length() - 1) + ",}";
                case 1 -> json.replace('"', '\'');
                case 2 -> "/* event */" + json;
                case 3 -> json.replace("\"specversion\":\"1.0\"", "\"specversion\":NaN");
                case 4 -> json.replace("\"data\":{", "\"data\":{\"n\":0123,");
                case 5 -> json.replace("\"id\":", "id:");
                case 6 -> json.replace("\"id\":", "\"id\" ");
                case 7 -> json.replaceFirst(",", " ");
                case 8 -> json + "}";
                case 9 -> json + json;
                case 10 -> json + " x";
                case 11 -> "";
                case 12 -> " \r\n\t ".repeat(1 + random.nextInt(100));
                case 13 -> "null";
                case 14 -> "[" + json + "]";
                default -> "\"" + json.replace("\"", "\\\"") + "\"";
            };
            return Bytes.utf8(broken);
        });
    }

    private static FuzzRequest request(FuzzTarget target, RandomGenerator random, String name, byte[] body) {
        String contentType = random.nextInt(4) == 0 ? "application/json" : "application/cloudevents+json";
        return new FuzzRequest("json", name, Http1Request.post(target, contentType, body).bytes());
    }

    private static FuzzRequest definite(RandomGenerator random, FuzzTarget target, String name, Function<Map<String, String>, byte[]> fault) {
        return Events.definite(target, random, attributes -> request(target, random, name, fault.apply(attributes)));
    }
}
