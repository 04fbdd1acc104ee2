package org.bss.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** Reads a request body, but never more than a limit: a larger body is answered 413 without being buffered. */
public final class RequestBodies {

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
        }
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
