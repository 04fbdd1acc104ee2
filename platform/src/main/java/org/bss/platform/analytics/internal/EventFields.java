package org.bss.platform.analytics.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The few fields of an event's data that analytics reads, pulled out by one streaming pass that skips everything
 * else (items, addresses' other lines, ...): cheaper than a JSON tree of the whole data, once per event.
 *
 * @param country the {@code country} of the data's {@code address}
 */
record EventFields(String customerId, String status, String segment, String country, String currency, Double amount,
                   String failureCode, String metric, Double quantity, String unit) {

    static final EventFields NONE = new EventFields(null, null, null, null, null, null, null, null, null, null);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** The fields of a JSON object's bytes; {@link #NONE} when the data is not a JSON object. */
    static EventFields read(byte[] data) {
        if (data == null || data.length == 0) {
            return NONE;
        }
        String customerId = null, status = null, segment = null, country = null, currency = null, failureCode = null;
        String metric = null, unit = null;
        Double amount = null, quantity = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "customer_id" -> customerId = text(parser, token);
                    case "status" -> status = text(parser, token);
                    case "segment" -> segment = text(parser, token);
                    case "currency" -> currency = text(parser, token);
                    case "failure_code" -> failureCode = text(parser, token);
                    case "metric" -> metric = text(parser, token);
                    case "unit" -> unit = text(parser, token);
                    case "amount" -> amount = number(parser, token);
                    case "quantity" -> quantity = number(parser, token);
                    case "address" -> country = country(parser, token);
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return NONE;
        }
        return new EventFields(customerId, status, segment, country, currency, amount, failureCode, metric, quantity,
                unit);
    }

    private static String text(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            String value = parser.getString();
            return value.isEmpty() ? null : value;
        }
        parser.skipChildren();
        return null;
    }

    private static Double number(JsonParser parser, JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT ? parser.getDoubleValue()
                : skip(parser);
    }

    private static String country(JsonParser parser, JsonToken token) {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String country = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (name.equals("country")) {
                country = text(parser, value);
            } else {
                parser.skipChildren();
            }
        }
        return country;
    }

    private static Double skip(JsonParser parser) {
        parser.skipChildren();
        return null;
    }
}
