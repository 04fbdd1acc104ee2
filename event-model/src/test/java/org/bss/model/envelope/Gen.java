package org.bss.model.envelope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of random test inputs: a function of a random source. Small on purpose: combine generators with
 * lambdas ({@code r -> a.next(r) + b.next(r)}) and the few helpers here. Used by {@link Samples}.
 */
@FunctionalInterface
interface Gen<T> {

    T next(RandomGenerator random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return r -> f.apply(next(r)).next(r);
    }

    /** Values that pass {@code keep}; gives up (a test error, not a failure) when 1,000 tries in a row do not. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return r -> {
            for (int i = 0; i < 1000; i++) {
                T value = next(r);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("filter kept none of 1000 values");
        };
    }

    /** Null with the given probability, else a value of this generator. */
    default Gen<T> orNull(double probability) {
        return r -> r.nextDouble() < probability ? null : next(r);
    }

    /** Lists of {@code min} to {@code max} values (inclusive). */
    default Gen<List<T>> list(int min, int max) {
        return r -> {
            int size = r.nextInt(min, max + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(r));
            }
            return list;
        };
    }

    /** Strings of {@code min} to {@code max} values, concatenated with {@code separator} between them. */
    default Gen<String> joined(String separator, int min, int max) {
        return list(min, max).map(values -> String.join(separator, values.stream().map(String::valueOf).toList()));
    }

    static <T> Gen<T> constant(T value) {
        return r -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(List.of(values));
    }

    static <T> Gen<T> of(List<T> values) {
        return r -> values.get(r.nextInt(values.size()));
    }

    /** A value of one of the generators, each as likely as the others. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        return r -> generators[r.nextInt(generators.length)].next(r);
    }

    /** A generator and how often it is chosen relative to the others in {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        int total = 0;
        for (Weighted<? extends T> choice : choices) {
            total += choice.weight();
        }
        int sum = total;
        return r -> {
            int pick = r.nextInt(sum);
            for (Weighted<? extends T> choice : choices) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(r);
                }
            }
            throw new AssertionError("unreachable");
        };
    }

    /** Integers from {@code min} to {@code max}, both inclusive. */
    static Gen<Integer> ints(int min, int max) {
        return r -> (int) r.nextLong(min, (long) max + 1);
    }

    /** Any int, with 0, ±1 and the extremes more often than chance would give them. */
    static Gen<Integer> anyInt() {
        return frequency(weight(1, of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)), weight(4, RandomGenerator::nextInt));
    }

    static Gen<Long> longs(long min, long max) {
        return r -> r.nextLong(min, max + 1);
    }

    static Gen<Boolean> booleans() {
        return RandomGenerator::nextBoolean;
    }

    /** Strings of {@code min} to {@code max} characters taken from {@code chars}. */
    static Gen<String> strings(String chars, int min, int max) {
        return r -> {
            int length = r.nextInt(min, max + 1);
            StringBuilder b = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                b.append(chars.charAt(r.nextInt(chars.length())));
            }
            return b.toString();
        };
    }

    static Gen<byte[]> bytes(int min, int max) {
        return r -> {
            byte[] bytes = new byte[r.nextInt(min, max + 1)];
            r.nextBytes(bytes);
            return bytes;
        };
    }

    /** The values in a random order. */
    static <T> Gen<List<T>> shuffled(List<T> values) {
        return r -> {
            List<T> copy = new ArrayList<>(values);
            for (int i = copy.size() - 1; i > 0; i--) {
                Collections.swap(copy, i, r.nextInt(i + 1));
            }
            return copy;
        };
    }
}
