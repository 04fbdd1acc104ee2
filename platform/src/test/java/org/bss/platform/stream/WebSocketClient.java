package org.bss.platform.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WebSocket reader of the stream for tests: each text message kept as JSON, in arrival order. */
final class WebSocketClient implements AutoCloseable, WebSocket.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** How a handshake was refused. */
    record Refusal(int status, String body) {
    }

    static WebSocketClient open(int port, String pathAndQuery, String apiKey) throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.socket = builder(apiKey).buildAsync(uri(port, pathAndQuery), client).get(30, TimeUnit.SECONDS);
        return client;
    }

    static Refusal refusal(int port, String pathAndQuery, String apiKey) throws Exception {
        try {
            builder(apiKey).buildAsync(uri(port, pathAndQuery), new WebSocketClient()).get(30, TimeUnit.SECONDS)
                    .abort();
            throw new AssertionError("the handshake was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                return new Refusal(refused.getResponse().statusCode(),
                        body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : null);
            }
            throw e;
        }
    }

    private static WebSocket.Builder builder(String apiKey) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols("cloudevents.json");
        return apiKey == null ? builder : builder.header("X-API-Key", apiKey);
    }

    private static URI uri(int port, String pathAndQuery) {
        return URI.create("ws://localhost:" + port + pathAndQuery);
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    List<JsonNode> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            synchronized (messages) {
                messages.add(JSON.readTree(partial.toString()));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
