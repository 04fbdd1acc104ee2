package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A connection to a server that is down fails its request and can be dropped, and tried again, like any other. */
class NioConnectionTest {

    @Test
    void aRefusedConnectionFailsTheRequestAndLeavesNothingHalfOpen() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (Selector selector = Selector.open()) {
            NioConnection<String> connection = new NioConnection<>(new InetSocketAddress("127.0.0.1", port), selector);
            byte[] head = "POST /api/v1/events HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

            assertThatThrownBy(() -> connection.start("job", head, new byte[0], System.nanoTime()))
                    .isInstanceOf(IOException.class);
            assertThatCode(connection::fail).doesNotThrowAnyException();
            assertThatThrownBy(() -> connection.start("again", head, new byte[0], System.nanoTime()))
                    .isInstanceOf(IOException.class);
            assertThatCode(connection::close).doesNotThrowAnyException();
        }
    }
}
