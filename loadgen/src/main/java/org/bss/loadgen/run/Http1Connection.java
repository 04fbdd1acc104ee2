package org.bss.loadgen.run;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.bss.loadgen.platform.Credential;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread at a time: writes a request and reads its answer. The load
 * generator's own cost must stay small next to the server it measures on a shared machine; the JDK's HttpClient
 * spent about as much CPU a request as the platform did, this spends a fraction of it.
 */
final class Http1Connection implements AutoCloseable {

    /** An answer: status and body. */
    record Answer(int status, byte[] body) {
    }

    private final String host;
    private final int port;
    private final SocketFactory sockets;
    private final int timeoutMillis;
    private final byte[] hostHeader;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private boolean reused;

    Http1Connection(URI base, Duration timeout) {
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        this.sockets = tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault();
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends a request (a POST of events, or a GET with an empty body) and reads its answer. A connection the server
     * closed while idle is reopened and the request sent again once: nothing of it reached the platform (and the
     * platform stores a resent event once anyway).
     */
    Answer send(byte[] head, byte[] body) throws IOException {
        boolean wasReused = socket != null && reused;
        try {
            return exchange(head, body);
        } catch (EOFException stale) {
            close();
            if (!wasReused) {
                throw stale;
            }
            return exchange(head, body);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * The request line and headers up to the Host header, for a path, a credential's header ({@code X-API-Key} or
     * {@code Authorization: Bearer}) and a content type (built once, and again when the credential changes).
     */
    static byte[] head(String path, Credential.Header credential, String contentType) {
        return ("POST " + path + " HTTP/1.1\r\n" + credential.line() + "\r\nContent-Type: " + contentType
                + "\r\nAccept: application/json\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private Answer exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        out.write(head);
        out.write(hostHeader);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        reused = true;
        return read();
    }

    private void open() throws IOException {
        Socket s = sockets.createSocket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMillis);
        s.connect(new InetSocketAddress(host, port), Math.min(timeoutMillis, 10_000));
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        reused = false;
    }

    private Answer read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("the server closed the connection");
        }
        List<String> headers = new ArrayList<>();
        String header;
        while ((header = line()) != null && !header.isEmpty()) {
            headers.add(header);
        }
        Http1Answer.Head head = Http1Answer.head(statusLine, headers);
        int status = head.status();
        long length = head.contentLength();
        boolean chunked = head.chunked();
        boolean closeAfter = head.close();
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("the answer ended before its Content-Length");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Answer(status, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new EOFException("the chunked answer ended early");
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                String trailer;
                while ((trailer = line()) != null && !trailer.isEmpty()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("a chunk ended early");
            }
            body.write(chunk);
            line();
        }
    }

    /** A CRLF-terminated line of ASCII, without the CRLF; null at the end of the stream before any byte. */
    private String line() throws IOException {
        StringBuilder text = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = text.length();
                if (end > 0 && text.charAt(end - 1) == '\r') {
                    text.setLength(end - 1);
                }
                return text.toString();
            }
            text.append((char) b);
        }
        return text.isEmpty() ? null : text.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing to do
            }
            socket = null;
        }
    }
}
