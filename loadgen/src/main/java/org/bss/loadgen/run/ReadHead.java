package org.bss.loadgen.run;

import java.nio.charset.StandardCharsets;
import org.bss.loadgen.platform.Credential;

/**
 * The request line and headers of one tenant's {@code GET /api/v1/customers/{id}} up to the Host header, built
 * once around the place of the id (and again when the tenant's credential changes: {@link RequestHeads}), so that a
 * read costs one array. Customer ids are URL-safe ASCII (letters,
 * digits and '_'), so they go into the path as they are.
 */
record ReadHead(byte[] before, byte[] after) {

    static final String CUSTOMERS_PATH = "/api/v1/customers/";

    /**
     * @param customersPath the path that an id completes, e.g. {@code /api/v1/customers/}
     * @param credential    the tenant's credential header, {@code X-API-Key} or {@code Authorization: Bearer}
     */
    static ReadHead of(String customersPath, Credential.Header credential) {
        return new ReadHead(("GET " + customersPath).getBytes(StandardCharsets.ISO_8859_1),
                (" HTTP/1.1\r\n" + credential.line() + "\r\nAccept: application/json\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] forCustomer(String id) {
        byte[] head = new byte[before.length + id.length() + after.length];
        System.arraycopy(before, 0, head, 0, before.length);
        for (int i = 0; i < id.length(); i++) {
            head[before.length + i] = (byte) id.charAt(i);
        }
        System.arraycopy(after, 0, head, before.length + id.length(), after.length);
        return head;
    }
}
