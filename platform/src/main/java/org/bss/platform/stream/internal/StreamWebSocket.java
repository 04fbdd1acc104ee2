package org.bss.platform.stream.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.tomcat.websocket.server.WsSci;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * {@code /api/v1/stream/ws}: the same stream over WebSocket, in the CloudEvents WebSocket binding (subprotocol
 * {@code cloudevents.json}): one text message per event, structured CloudEvents JSON, with the event's position as
 * the extension {@code streamposition} (what {@code from} takes to resume). The stream is opened during the
 * handshake, so a bad filter or a tenant at its limit is refused with its problem before any upgrade.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnRole(Role.STREAM)
class StreamWebSocket implements WebSocketConfigurer {

    static final String SUBPROTOCOL = "cloudevents.json";
    static final String POSITION_EXTENSION = "streamposition";
    private static final Logger log = LoggerFactory.getLogger(StreamWebSocket.class);
    private static final String SESSION = StreamSession.class.getName();

    private final Streams streams;
    private final ProblemWriter problems;

    StreamWebSocket(Streams streams, ProblemWriter problems) {
        this.streams = streams;
        this.problems = problems;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new Handler(), "/api/v1/stream/ws")
                .addInterceptors(new Opening())
                .setAllowedOriginPatterns("*"); // every request is authenticated by its key, token or ticket
    }

    /** Opens the stream during the handshake; a refusal is answered as a problem. */
    private final class Opening implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
                WebSocketHandler handler, Map<String, Object> attributes) throws IOException {
            var servlet = ((ServletServerHttpRequest) request).getServletRequest();
            Principal principal = servlet.getUserPrincipal();
            if (!(principal instanceof Authentication authentication)
                    || !(authentication.getPrincipal() instanceof TenantPrincipal caller)) {
                return false;
            }
            try {
                attributes.put(SESSION, streams.open(caller, Streams.parameters(servlet.getParameterMap()), null));
                return true;
            } catch (ProblemException e) {
                var servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
                e.headers().forEach((name, values) -> values.forEach(value -> servletResponse.addHeader(name, value)));
                problems.write(servletResponse, e.problem());
                return false;
            }
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                Exception exception) {
        }
    }

    /** Tomcat's WebSocket server, which Boot's websocket module would otherwise start. */
    @Bean
    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatWebSockets() {
        return factory -> factory.addContextCustomizers(context -> context.addServletContainerInitializer(new WsSci(), null));
    }

    private final class Handler extends TextWebSocketHandler implements SubProtocolCapable {

        @Override
        public List<String> getSubProtocols() {
            return List.of(SUBPROTOCOL);
        }

        @Override
        public void afterConnectionEstablished(WebSocketSession socket) {
            StreamSession session = (StreamSession) socket.getAttributes().get(SESSION);
            Thread.ofVirtual().name("bss-stream-ws").start(() -> {
                try {
                    session.run(new WebSocketSink(socket));
                } catch (IOException | RuntimeException e) {
                    log.debug("WebSocket stream of {} ended: {}", session.tenant(), e.toString());
                } finally {
                    close(socket, CloseStatus.NORMAL);
                }
            });
        }

        @Override
        public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
            StreamSession session = (StreamSession) socket.getAttributes().get(SESSION);
            if (session != null) {
                session.cancel();
            }
        }
    }

    private static void close(WebSocketSession socket, CloseStatus status) {
        try {
            if (socket.isOpen()) {
                socket.close(status);
            }
        } catch (IOException e) {
            // gone already
        }
    }

    /** Text messages on the socket; the writer thread is the only one that sends. */
    static final class WebSocketSink implements StreamSink {

        private final WebSocketSession socket;
        private boolean overflowed;

        WebSocketSink(WebSocketSession socket) {
            this.socket = socket;
        }

        @Override
        public void opened() {
        }

        @Override
        public void event(Delivery delivery, String position) throws IOException {
            socket.sendMessage(new TextMessage(withPosition(delivery.json, position)));
        }

        @Override
        public void heartbeat() throws IOException {
            socket.sendMessage(new PingMessage(ByteBuffer.allocate(0)));
        }

        @Override
        public void flush() {
        }

        @Override
        public void overflow(byte[] event, String position) throws IOException {
            overflowed = true;
            socket.sendMessage(new TextMessage(withPosition(event, position)));
        }

        @Override
        public void end() {
            // 1013: try again later (from the position in the last message)
            close(socket, overflowed ? new CloseStatus(1013, "stream.overflow") : CloseStatus.GOING_AWAY);
        }

        /** The structured event with {@code "streamposition":"..."} as its first member. */
        static byte[] withPosition(byte[] json, String position) {
            int open = 0;
            while (open < json.length && json[open] != '{') {
                open++;
            }
            byte[] member = ("\"" + POSITION_EXTENSION + "\":\"" + position + "\",").getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[json.length + member.length];
            System.arraycopy(json, 0, out, 0, open + 1);
            System.arraycopy(member, 0, out, open + 1, member.length);
            System.arraycopy(json, open + 1, out, open + 1 + member.length, json.length - open - 1);
            return out;
        }
    }
}
