package org.bss.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body, but never more than a limit: a larger body is answered 413 without being buffered, one that
 * cannot be read 400 (408 when it stopped arriving).
 */
public final class RequestBodies {

    private static final Logger log = LoggerFactory.getLogger(RequestBodies.class);

    private RequestBodies() {
    }

    public static byte[] read(HttpServletRequest request, DataSize limit, String what) throws IOException {
        long max = limit.toBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(what, limit);
        }
        try (InputStream in = request.getInputStream()) {
            if (declared >= 0) {
                // Read into an array of the declared size: readNBytes(limit) would allocate and copy 16 KiB chunks.
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(what, limit);
            }
            return body;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * The body could not be read: its framing is broken (a bad chunk size, fewer bytes than its Content-Length), it
     * stopped arriving, or the client went away. Any client can cause it, so it is no error of the platform's and is
     * logged at debug only.
     */
    private static ProblemException unreadable(IOException e) {
        log.debug("A request body could not be read: {}", e.toString());
        if (timedOut(e)) {
            return new ProblemException(Problems.ofStatus(HttpStatus.REQUEST_TIMEOUT.value(),
                    "The request body stopped arriving before it was complete."));
        }
        return new ProblemException(Problems.malformed("The request body could not be read: its framing is broken "
                + "(a chunk size, or fewer bytes than its Content-Length) or it ended early."));
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException tooLarge(String what, DataSize limit) {
        return new ProblemException(Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.TOO_LARGE, "Payload too large",
                what + " is larger than the limit of " + human(limit) + "."));
    }

    public static String human(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
