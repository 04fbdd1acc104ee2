package org.bss.platform.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * PostgreSQL's COPY text format, written straight into one growing byte array: tab-separated fields, {@code \N}
 * for null, backslash escapes. Escaping byte by byte is safe because UTF-8 never puts an ASCII byte inside a
 * multi-byte character. This is the writer's hot loop: spans without special bytes are copied in bulk.
 */
public final class CopyText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buffer;
    private int length;
    private boolean firstInRow = true;

    public CopyText(int capacity) {
        buffer = new byte[Math.max(capacity, 64)];
    }

    public CopyText field(String value) {
        return value == null ? nullField() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    public CopyText field(byte[] utf8) {
        if (utf8 == null) {
            return nullField();
        }
        separator();
        escaped(utf8);
        return this;
    }

    public CopyText nullField() {
        separator();
        ensure(2);
        buffer[length++] = '\\';
        buffer[length++] = 'N';
        return this;
    }

    /** bytea in hex form; its leading backslash is itself escaped for COPY. */
    public CopyText bytea(byte[] value) {
        separator();
        ensure(3 + value.length * 2);
        buffer[length++] = '\\';
        buffer[length++] = '\\';
        buffer[length++] = 'x';
        for (byte b : value) {
            buffer[length++] = HEX[(b >> 4) & 0xF];
            buffer[length++] = HEX[b & 0xF];
        }
        return this;
    }

    /** A JSON object of extension values (String, Integer, Boolean), as one field. */
    public CopyText jsonObject(Map<String, Object> values) {
        if (values.isEmpty()) {
            return field(EMPTY_OBJECT);
        }
        StringBuilder json = new StringBuilder(32 * values.size()).append('{');
        values.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            jsonString(json, name).append(':');
            if (value instanceof Boolean || value instanceof Integer) {
                json.append(value);
            } else {
                jsonString(json, String.valueOf(value));
            }
        });
        return field(json.append('}').toString());
    }

    public void endRow() {
        ensure(1);
        buffer[length++] = '\n';
        firstInRow = true;
    }

    public byte[] bytes() {
        return Arrays.copyOf(buffer, length);
    }

    public int length() {
        return length;
    }

    public byte[] buffer() {
        return buffer;
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private static StringBuilder jsonString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private void escaped(byte[] utf8) {
        ensure(utf8.length);
        int start = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\\' || b == '\n' || b == '\r' || b == '\t') {
                append(utf8, start, i - start);
                ensure(2);
                buffer[length++] = '\\';
                buffer[length++] = switch (b) {
                    case '\n' -> (byte) 'n';
                    case '\r' -> (byte) 'r';
                    case '\t' -> (byte) 't';
                    default -> (byte) '\\';
                };
                start = i + 1;
            }
        }
        append(utf8, start, utf8.length - start);
    }

    private void append(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
    }

    private void separator() {
        if (!firstInRow) {
            ensure(1);
            buffer[length++] = '\t';
        }
        firstInRow = false;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
