package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpBodyTest {

    private static String feed(HttpBody body, String text, boolean[] ended) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            ended[0] = body.feed(bytes, i, i + 1, (b, from, to) -> out.write(b, from, to - from));
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunkedBodiesLoseTheirFramingAndEndAtTheLastChunk() throws IOException {
        boolean[] ended = new boolean[1];
        String text = feed(new HttpBody.Chunked(), "5\r\nhello\r\nA;x=y\r\n, world!!!\r\n0\r\n\r\nignored", ended);

        assertThat(text).isEqualTo("hello, world!!!");
        assertThat(ended[0]).isTrue();
    }

    @Test
    void aChunkedBodyIsNotOverBeforeItsEmptyLastLine() throws IOException {
        boolean[] ended = new boolean[1];
        feed(new HttpBody.Chunked(), "2\r\nok\r\n0\r\n", ended);

        assertThat(ended[0]).isFalse();
    }

    @Test
    void brokenChunkFramingIsAnError() {
        assertThatThrownBy(() -> feed(new HttpBody.Chunked(), "zz\r\n", new boolean[1]))
                .isInstanceOf(IOException.class).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> feed(new HttpBody.Chunked(), "2\r\nabc\r\n", new boolean[1]))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than its size");
    }

    @Test
    void aSizedBodyEndsAtItsLengthAndOneWithoutLengthRunsOn() throws IOException {
        boolean[] ended = new boolean[1];
        assertThat(feed(HttpBody.of(false, 4), "abcdef", ended)).isEqualTo("abcd");
        assertThat(ended[0]).isTrue();

        assertThat(feed(HttpBody.of(false, -1), "abcdef", ended)).isEqualTo("abcdef");
        assertThat(ended[0]).isFalse();
        assertThat(HttpBody.of(true, 10)).isInstanceOf(HttpBody.Chunked.class);
    }
}
