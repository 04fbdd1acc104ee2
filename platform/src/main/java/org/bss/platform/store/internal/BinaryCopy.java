package org.bss.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * PostgreSQL's binary COPY format: a signature, then per row the field count and each field as its length and
 * bytes (-1 for null), then a trailer. Text goes in as the UTF-8 bytes it already is: nothing to escape, and
 * PostgreSQL parses no uuid, timestamp or number.
 *
 * <p>Written either into one growing byte array ({@link #BinaryCopy(int)}), or {@link #streaming} to a sink a
 * chunk at a time, so that PostgreSQL parses the first rows while the next are built and a batch of thousands of
 * rows never needs a buffer of megabytes (which the JVM allocates outside its young generation).
 */
public final class BinaryCopy {

    /** Where a streaming copy sends its bytes (PostgreSQL's {@code CopyIn.writeToCopy}). */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    /** The sink's failure, out of a row being added; {@link #getCause()} is the sink's exception. */
    public static final class SinkFailed extends RuntimeException {
        SinkFailed(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix seconds. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final Sink sink;
    private final int chunk;
    private byte[] buffer;
    private int length;
    private int openField = -1;

    public BinaryCopy(int capacity) {
        this(capacity, null, Integer.MAX_VALUE);
    }

    private BinaryCopy(int capacity, Sink sink, int chunk) {
        this.sink = sink;
        this.chunk = chunk;
        buffer = new byte[Math.max(capacity, 64)];
        raw(SIGNATURE);
        putInt(0); // flags
        putInt(0); // header extension length
    }

    /** A copy that hands its bytes to the sink whenever a chunk is full (at a row's start); end with {@link #end}. */
    public static BinaryCopy streaming(Sink sink, int chunk) {
        return new BinaryCopy(chunk + chunk / 4, sink, chunk);
    }

    public BinaryCopy row(int fields) {
        if (length >= chunk) {
            drain();
        }
        ensure(2);
        buffer[length++] = (byte) (fields >>> 8);
        buffer[length++] = (byte) fields;
        return this;
    }

    public BinaryCopy nul() {
        ensure(4);
        putInt(-1);
        return this;
    }

    /** text, json or bytea: the bytes as they are. */
    public BinaryCopy bytes(byte[] value) {
        if (value == null) {
            return nul();
        }
        ensure(4 + value.length);
        putInt(value.length);
        raw(value);
        return this;
    }

    public BinaryCopy text(String value) {
        return value == null ? nul() : bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public BinaryCopy uuid(UUID value) {
        if (value == null) {
            return nul();
        }
        ensure(20);
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    public BinaryCopy int4(int value) {
        ensure(8);
        putInt(4);
        putInt(value);
        return this;
    }

    public BinaryCopy int8(long value) {
        ensure(12);
        putInt(8);
        putLong(value);
        return this;
    }

    /** timestamptz from Unix epoch milliseconds. */
    public BinaryCopy timestampMillis(long epochMillis) {
        return int8((epochMillis - POSTGRES_EPOCH_SECONDS * 1000) * 1000);
    }

    /** timestamptz, rounded to the microsecond the way PostgreSQL rounds the text it parses. */
    public BinaryCopy timestamp(Instant value) {
        if (value == null) {
            return nul();
        }
        long micros = (long) Math.rint(value.getNano() / 1000.0);
        return int8((value.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000 + micros);
    }

    /** Starts a field written piece by piece with {@link #raw}; its length is filled in by {@link #endField}. */
    public BinaryCopy startField() {
        if (openField >= 0) {
            throw new IllegalStateException("a field is already open");
        }
        ensure(4);
        openField = length;
        length += 4;
        return this;
    }

    public BinaryCopy endField() {
        int size = length - openField - 4;
        int end = length;
        length = openField;
        putInt(size);
        length = end;
        openField = -1;
        return this;
    }

    public BinaryCopy raw(byte value) {
        ensure(1);
        buffer[length++] = value;
        return this;
    }

    public BinaryCopy raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
        return this;
    }

    /** Writes the trailer and hands what is left to the sink of a {@link #streaming} copy. */
    public void end() {
        trailer();
        drain();
    }

    private void drain() {
        try {
            sink.write(buffer, 0, length);
        } catch (SQLException e) {
            throw new SinkFailed(e);
        }
        length = 0;
    }

    /** The whole COPY data of an in-memory copy, trailer included; nothing may be added after. */
    public byte[] finishedBytes() {
        trailer();
        return Arrays.copyOf(buffer, length);
    }

    private void trailer() {
        ensure(2);
        buffer[length++] = (byte) 0xFF;
        buffer[length++] = (byte) 0xFF;
    }

    public int length() {
        return length;
    }

    private void putInt(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
