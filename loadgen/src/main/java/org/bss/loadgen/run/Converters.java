package org.bss.loadgen.run;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import org.bss.loadgen.platform.OidcClient;
import org.bss.loadgen.stream.StreamFilter;
import org.bss.loadgen.traffic.EventMix;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters of the commands' own value syntaxes, so that a bad value is reported the standard way,
 * naming its option: {@code Invalid value for option '--rate': 'fast' is not a rate: use e.g. 400000/min, ...}.
 */
public final class Converters {

    private Converters() {
    }

    /** A rate in events per second, from {@code 400000/min}, {@code 400k/min}, {@code 6667/s} or {@code 6667}. */
    public static final class Rate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return parsed(value, Rates::perSecond);
        }
    }

    /** A duration, from {@code 60s}, {@code 5m}, {@code 1h}, {@code 500ms} or {@code 60} (seconds). */
    public static final class Length implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parsed(value, Rates::duration);
        }
    }

    /** An event mix, from {@code order.placed=30,customer.created=10}. */
    public static final class Mix implements ITypeConverter<EventMix> {
        @Override
        public EventMix convert(String value) {
            return parsed(value, EventMix::parse);
        }
    }

    /** A whole percentage from 0 to 100, from {@code 20} or {@code 20%}. */
    public static final class Percent implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parsed(value, Converters::percent);
        }
    }

    /** An anomaly to inject, from {@code payment-failures@10m+5m:2}. */
    public static final class Inject implements ITypeConverter<InjectSpec> {
        @Override
        public InjectSpec convert(String value) {
            return parsed(value, InjectSpec::parse);
        }
    }

    /** A stream subscription's filter, from {@code type=order.placed&prefix.subject=cus_}. */
    public static final class Filter implements ITypeConverter<StreamFilter> {
        @Override
        public StreamFilter convert(String value) {
            return parsed(value, StreamFilter::parse);
        }
    }

    /** An OpenID Connect client and the tenant its tokens name, from {@code acme=acme-ingest:secret}. */
    public static final class Client implements ITypeConverter<OidcClient> {
        @Override
        public OidcClient convert(String value) {
            return parsed(value, OidcClient::parse);
        }
    }

    /** An instant in RFC 3339, from {@code 2026-03-02T10:00:00Z} or {@code 2026-03-02T11:00:00+01:00}. */
    public static final class Moment implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an RFC 3339 instant: use e.g. 2026-03-02T10:00:00Z");
            }
        }
    }

    /** A duration as the command line writes it: 1h, 10m, 90s, 500ms. */
    public static String text(Duration length) {
        long millis = length.toMillis();
        if (millis > 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static int percent(String text) {
        String digits = text.strip();
        digits = digits.endsWith("%") ? digits.substring(0, digits.length() - 1).strip() : digits;
        if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > 100) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage: use a whole number from 0 to 100");
        }
        return Integer.parseInt(digits);
    }

    private static <T> T parsed(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
