package org.bss.loadgen.run;

import java.time.Duration;
import java.util.function.Function;
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

    private static <T> T parsed(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
