package org.bss.loadgen.traffic;

import java.util.Arrays;

/**
 * Writes one JSON document as UTF-8 into a reused buffer: no trees, no per-call generator. Commas are placed
 * by the writer; strings are escaped per RFC 8259 (a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD).
 */
final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes();
    private static final int MAX_DEPTH = 16;

    private byte[] buffer = new byte[1024];
    private int length;
    private final boolean[] needsComma = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    void reset() {
        length = 0;
        depth = 0;
        needsComma[0] = false;
        afterName = false;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    JsonWriter startObject() {
        beforeValue();
        put('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        put('}');
        return this;
    }

    JsonWriter startArray() {
        beforeValue();
        put('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        put(']');
        return this;
    }

    /** A property name; the next value written is its value. */
    JsonWriter name(String name) {
        if (needsComma[depth]) {
            put(',');
        }
        needsComma[depth] = true;
        quoted(name);
        put(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        beforeValue();
        quoted(value);
        return this;
    }

    JsonWriter value(long value) {
        beforeValue();
        digits(value);
        return this;
    }

    JsonWriter value(boolean value) {
        beforeValue();
        ascii(value ? "true" : "false");
        return this;
    }

    /** A decimal number with exactly {@code scale} fraction digits: (12345, 2) is 123.45. */
    JsonWriter decimal(long unscaled, int scale) {
        beforeValue();
        if (unscaled < 0) {
            put('-');
            unscaled = -unscaled;
        }
        long pow = 1;
        for (int i = 0; i < scale; i++) {
            pow *= 10;
        }
        digits(unscaled / pow);
        if (scale > 0) {
            put('.');
            long fraction = unscaled % pow;
            for (long p = pow / 10; p > 0; p /= 10) {
                put((char) ('0' + fraction / p % 10));
            }
        }
        return this;
    }

    /** Money in minor units, always with two decimals: 7999 is 79.99. */
    JsonWriter money(long cents) {
        return decimal(cents, 2);
    }

    /** A value that is already JSON text in ASCII, e.g. a number constant like 0.23. */
    JsonWriter rawValue(String json) {
        beforeValue();
        ascii(json);
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    JsonWriter moneyField(String name, long cents) {
        return name(name).money(cents);
    }

    /** Writes the field only when the value is present. */
    JsonWriter optionalField(String name, String value) {
        return value == null ? this : field(name, value);
    }

    private void push() {
        depth++;
        if (depth >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        needsComma[depth] = false;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (needsComma[depth]) {
            put(',');
        }
        needsComma[depth] = true;
    }

    private void quoted(String s) {
        ensure(s.length() * 3 + 2); // a UTF-16 unit never takes more than 3 bytes, except escapes handled below
        byte[] b = buffer;
        int n = length;
        b[n++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                b[n++] = (byte) c;
            } else {
                length = n;
                i = special(s, i, c);
                b = buffer;
                n = length;
            }
        }
        b[n++] = '"';
        length = n;
    }

    /** Writes the character at {@code i} that needs escaping or more than one byte; returns the last index used. */
    private int special(String s, int i, char c) {
        ensure(6 + (s.length() - i) * 3 + 1);
        if (c == '"' || c == '\\') {
            put('\\');
            put(c);
        } else if (c < 0x20) {
            put('\\');
            switch (c) {
                case '\n' -> put('n');
                case '\r' -> put('r');
                case '\t' -> put('t');
                case '\b' -> put('b');
                case '\f' -> put('f');
                default -> {
                    put('u');
                    put('0');
                    put('0');
                    buffer[length++] = HEX[c >> 4];
                    buffer[length++] = HEX[c & 0xF];
                }
            }
        } else if (c < 0x800) {
            buffer[length++] = (byte) (0xC0 | c >> 6);
            buffer[length++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buffer[length++] = (byte) (0xF0 | cp >> 18);
            buffer[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buffer[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buffer[length++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        } else {
            int cp = Character.isSurrogate(c) ? 0xFFFD : c;
            buffer[length++] = (byte) (0xE0 | cp >> 12);
            buffer[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buffer[length++] = (byte) (0x80 | cp & 0x3F);
        }
        return i;
    }

    private void digits(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            put('-');
            value = -value;
        }
        ensure(20);
        int start = length;
        do {
            buffer[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
