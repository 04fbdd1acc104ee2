package org.bss.loadgen.traffic;

import java.util.List;
import java.util.SplittableRandom;

/** The stream's one source of randomness, with the few shapes the stories need. */
final class Dice {

    private final SplittableRandom random;

    Dice(SplittableRandom random) {
        this.random = random;
    }

    SplittableRandom random() {
        return random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** Uniform in [0, bound). */
    int below(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [from, to], both included. */
    int between(int from, int to) {
        return random.nextInt(from, to + 1);
    }

    long between(long from, long to) {
        return random.nextLong(from, to + 1);
    }

    double unit() {
        return random.nextDouble();
    }

    long nextLong() {
        return random.nextLong();
    }

    <T> T oneOf(T[] values) {
        return values[random.nextInt(values.length)];
    }

    <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The pattern with each {@code #} replaced by a random digit: "+48 6## ### ###". */
    String digits(String pattern) {
        char[] text = pattern.toCharArray();
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '#') {
                text[i] = (char) ('0' + random.nextInt(10));
            }
        }
        return new String(text);
    }

    /** {@code count} random lower-case hexadecimal digits. */
    String hex(int count) {
        char[] text = new char[count];
        long bits = 0;
        for (int i = 0; i < count; i++) {
            if (i % 16 == 0) {
                bits = random.nextLong();
            }
            text[i] = Character.forDigit((int) (bits & 0xF), 16);
            bits >>>= 4;
        }
        return new String(text);
    }
}
