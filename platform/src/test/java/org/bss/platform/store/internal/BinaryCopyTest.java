package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A streamed COPY hands PostgreSQL exactly the bytes of the same copy built in memory, chunk by chunk. */
class BinaryCopyTest {

    private static final int CHUNK = 1024;

    @Test
    void streamedBytesAreTheInMemoryBytesInChunksThatEndAtRows() throws Exception {
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // mostly small rows, a few larger than a whole chunk
            byte[] value = new byte[random.nextInt(20) == 0 ? CHUNK * 3 + random.nextInt(CHUNK) : random.nextInt(200)];
            random.nextBytes(value);
            values.add(value);
        }
        Consumer<BinaryCopy> rows = copy -> values.forEach(value -> copy.row(4).bytes(value)
                .uuid(new UUID(value.length, 7)).timestamp(Instant.ofEpochSecond(1_800_000_000L, 123_456_789)).nul());

        BinaryCopy inMemory = new BinaryCopy(64);
        rows.accept(inMemory);
        byte[] expected = inMemory.finishedBytes();

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        List<Integer> chunks = new ArrayList<>();
        BinaryCopy streaming = BinaryCopy.streaming((bytes, offset, length) -> {
            streamed.write(bytes, offset, length);
            chunks.add(length);
        }, CHUNK);
        rows.accept(streaming);
        streaming.end();

        assertThat(streamed.toByteArray()).isEqualTo(expected);
        assertThat(chunks).hasSizeGreaterThan(expected.length / (CHUNK * 5));
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(length -> assertThat(length).isGreaterThanOrEqualTo(CHUNK));
    }

    @Test
    void aFailingSinkSurfacesItsSqlException() {
        SQLException refused = new SQLException("duplicate key value violates unique constraint", "23505");
        BinaryCopy streaming = BinaryCopy.streaming((bytes, offset, length) -> {
            throw refused;
        }, 16);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                streaming.row(1).bytes(new byte[32]);
            }
        }).isInstanceOf(BinaryCopy.SinkFailed.class)
                .extracting(Throwable::getCause).isSameAs(refused);
    }
}
