package org.bss.model.envelope;

import static java.util.stream.Collectors.joining;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a property over seeded random samples: every sample is checked, and the failures, if any, are reported
 * together with the seed, the sample's index and its input. The seed is {@link #DEFAULT_SEED} unless the system
 * property {@code bss.pbt.seed} gives another (decimal or 0x-hex); the same seed gives the same samples.
 */
final class Samples {

    static final long DEFAULT_SEED = 0x0B55_2025_1107L;
    static final String SEED_PROPERTY = "bss.pbt.seed";

    /** How many failures a report shows in full, and how much of each input and message. */
    private static final int SHOWN = 3;
    private static final int MAX_INPUT_CHARS = 2_000;
    private static final int MAX_MESSAGE_CHARS = 1_500;

    private Samples() {
    }

    static long seed() {
        String value = System.getProperty(SEED_PROPERTY);
        return value == null || value.isBlank() ? DEFAULT_SEED : Long.decode(value.strip());
    }

    /**
     * Checks {@code property} for {@code count} inputs from {@code gen}. Each sample gets its own random source,
     * split off a root seeded with the seed and the property's name, so that a sample does not depend on how
     * much randomness the ones before it used, and properties do not share inputs.
     */
    static <T> void check(String property, int count, Gen<T> gen, Consumer<? super T> check) {
        long seed = seed();
        SplittableRandom root = new SplittableRandom(seed ^ (property.hashCode() * 0x9E3779B97F4A7C15L));
        List<String> failures = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom random = root.split();
            T input = null;
            try {
                input = gen.next(random);
                check.accept(input);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                failed.add(i);
                if (failures.size() < SHOWN) {
                    failures.add("sample #" + i + "\n  input: " + cut(show(input), MAX_INPUT_CHARS)
                            + "\n  failure: " + cut(String.valueOf(e), MAX_MESSAGE_CHARS).replace("\n", "\n    "));
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new AssertionError("%s: %d of %d samples failed (seed %d; rerun with -D%s=%d): #%s%n%s".formatted(
                    property, failed.size(), count, seed, SEED_PROPERTY, seed,
                    cut(failed.stream().map(String::valueOf).collect(joining(", #")), 200), String.join("\n", failures)));
        }
    }

    /** An input as a reader can retype it: strings as Java literals, bytes as hex (and as UTF-8 text). */
    static String show(Object input) {
        return switch (input) {
            case null -> "null";
            case String s -> literal(s);
            case byte[] b -> "%d bytes %s = %s".formatted(b.length, HexFormat.ofDelimiter(" ").formatHex(b),
                    literal(new String(b, StandardCharsets.UTF_8)));
            case CloudEvent e -> "CloudEvent(specversion=%s, id=%s, source=%s, type=%s, subject=%s, time=%s,"
                    .formatted(literal(e.specversion()), literal(e.id()), literal(e.source()), literal(e.type()),
                            literal(e.subject()), literal(e.time()))
                    + " datacontenttype=%s, dataschema=%s, extensions=%s, data=%s)".formatted(
                    literal(e.datacontenttype()), literal(e.dataschema()), e.extensions().entrySet().stream()
                            .map(x -> literal(x.getKey()) + "=" + (x.getValue() instanceof String v ? literal(v)
                                    : x.getValue())).toList(), show(e.data()));
            default -> input.toString();
        };
    }

    /** A Java string literal: quote, backslash, controls, lone surrogates and invisible characters escaped. */
    static String literal(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i)); // a supplementary character, e.g. an emoji
                    } else if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || Character.isSurrogate(c) || c == 0xFEFF
                            || c == 0x2028 || c == 0x2029 || c == 0xFFFD) {
                        b.append("\\u%04X".formatted((int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more chars)";
    }
}
