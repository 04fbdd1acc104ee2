package org.bss.model.schema;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Violation;
import tools.jackson.databind.JsonNode;

/**
 * Rules every BSS event obeys whatever its schema says: its time is not in the future, money amounts are
 * positive, currencies are real ISO 4217 codes. A pure function of its arguments.
 */
public final class DataQualityRules {

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private DataQualityRules() {
    }

    /**
     * Every violation of the rules; empty when there is none.
     * <ul>
     *   <li>{@code /time}: the event's time is more than {@code maxFutureSkew} after {@code now} (a time that is
     *       not RFC 3339 is left to the envelope rules);</li>
     *   <li>a number named {@code amount} or ending in {@code _amount}, anywhere in the data, is zero or less;</li>
     *   <li>a string named {@code currency} or ending in {@code _currency}, anywhere in the data, is not an
     *       ISO 4217 code known to {@link Currency}.</li>
     * </ul>
     *
     * @param data the event's data as a tree, or null when it has none or it is not JSON (then only the time
     *     is checked)
     */
    public static List<Violation> check(CloudEvent event, JsonNode data, Instant now, Duration maxFutureSkew) {
        List<Violation> violations = new ArrayList<>(0);
        Instant time = timeOf(event);
        if (time != null && time.isAfter(now.plus(maxFutureSkew))) {
            violations.add(new Violation("/time", "is more than " + describe(maxFutureSkew) + " in the future"));
        }
        if (data != null) {
            walk(data, "/data", violations);
        }
        return violations;
    }

    private static void walk(JsonNode node, String pointer, List<Violation> violations) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                JsonNode value = property.getValue();
                if (value.isContainer()) {
                    walk(value, Pointers.append(pointer, name), violations);
                } else if (value.isNumber() && isNamed(name, "amount") && !isPositive(value)) {
                    violations.add(new Violation(Pointers.append(pointer, name), "must be positive"));
                } else if (value.isString() && isNamed(name, "currency") && !CURRENCIES.contains(value.stringValue())) {
                    violations.add(new Violation(Pointers.append(pointer, name), "is not an ISO 4217 currency code"));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isContainer()) {
                    walk(element, Pointers.append(pointer, i), violations);
                }
            }
        }
    }

    /** {@code name} is {@code word} or ends in {@code _word}. */
    private static boolean isNamed(String name, String word) {
        return name.endsWith(word)
                && (name.length() == word.length() || name.charAt(name.length() - word.length() - 1) == '_');
    }

    private static boolean isPositive(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.isBigInteger() ? number.bigIntegerValue().signum() > 0 : number.longValue() > 0;
        }
        if (number.isBigDecimal()) {
            return number.decimalValue().signum() > 0;
        }
        double value = number.doubleValue();
        return value > 0 && !Double.isNaN(value);
    }

    private static Instant timeOf(CloudEvent event) {
        if (event == null || event.time() == null) {
            return null;
        }
        try {
            return event.timeInstant();
        } catch (DateTimeException e) { // not RFC 3339: the envelope rules say so
            return null;
        }
    }

    /** "5 minutes", "90 seconds", "1 hour 30 minutes", "250 ms". */
    static String describe(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return duration.isZero() ? "0 seconds" : duration.toString();
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        List<String> parts = new ArrayList<>(3);
        part(parts, duration.toDaysPart(), "day");
        part(parts, duration.toHoursPart(), "hour");
        part(parts, duration.toMinutesPart(), "minute");
        part(parts, duration.toSecondsPart(), "second");
        if (duration.toMillisPart() > 0) {
            parts.add(duration.toMillisPart() + " ms");
        }
        return String.join(" ", parts);
    }

    private static void part(List<String> parts, long value, String unit) {
        if (value > 0) {
            parts.add(value + " " + unit + (value == 1 ? "" : "s"));
        }
    }
}
