package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1AnswerTest {

    private static final String FIXED = "HTTP/1.1 202 \r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"ok\":\"yes\"}\n";
    private static final String CHUNKED = "HTTP/1.1 207 \r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

    private static Http1Answer.Parsed parse(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Http1Answer.parse(bytes, bytes.length);
    }

    @Test
    void aContentLengthAnswerIsCompleteOnlyWithItsLastByte() throws IOException {
        Http1Answer.Parsed answer = parse(FIXED);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":\"yes\"}\n");
        assertThat(answer.consumed()).isEqualTo(FIXED.length());
        assertThat(answer.close()).isFalse();
        assertIncompleteBeforeTheLastByte(FIXED);
    }

    @Test
    void aChunkedAnswerIsJoinedAndCompleteOnlyAtItsLastChunk() throws IOException {
        Http1Answer.Parsed answer = parse(CHUNKED);
        assertThat(answer.status()).isEqualTo(207);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(answer.consumed()).isEqualTo(CHUNKED.length());
        assertIncompleteBeforeTheLastByte(CHUNKED);
    }

    private static void assertIncompleteBeforeTheLastByte(String answer) throws IOException {
        for (int cut = 0; cut < answer.length(); cut++) {
            assertThat(parse(answer.substring(0, cut))).as("first %d bytes", cut).isNull();
        }
    }

    @Test
    void connectionCloseIsReported() throws IOException {
        assertThat(parse(FIXED.replace("Content-Length", "Connection: close\r\nContent-Length")).close()).isTrue();
    }

    @Test
    void somethingThatIsNotHttpIsAnError() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.1");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\n\r\n")).isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
    }
}
