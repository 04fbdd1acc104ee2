package org.bss.loadgen.traffic;

/**
 * Ids of one kind of entity, such as {@code cus_7k2m9x0q4a1b}: a prefix and 12 Crockford base-32 digits of a
 * scrambled counter. The scramble is a bijection on 60 bits, so ids never repeat within a stream (no set to
 * remember them), yet look random and differ between seeds.
 */
final class IdSequence {

    private static final char[] DIGITS = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final long MASK = (1L << 60) - 1;

    private final String prefix;
    private final long offset;
    private long next;

    IdSequence(String prefix, long seed) {
        this.prefix = prefix;
        this.offset = mix(seed ^ prefix.hashCode());
    }

    String next() {
        long x = scramble(next++ + offset);
        char[] text = new char[prefix.length() + 12];
        prefix.getChars(0, prefix.length(), text, 0);
        for (int i = text.length - 1; i >= prefix.length(); i--) {
            text[i] = DIGITS[(int) (x & 31)];
            x >>>= 5;
        }
        return new String(text);
    }

    /** Odd multipliers and right xor-shifts are each invertible modulo 2^60, so is their composition. */
    static long scramble(long value) {
        long x = value & MASK;
        x = x * 0x9E3779B97F4A7C1L & MASK;
        x ^= x >>> 29;
        x = x * 0xBF58476D1CE4E5BL & MASK;
        x ^= x >>> 31;
        return x;
    }

    private static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        return z ^ z >>> 31;
    }
}
