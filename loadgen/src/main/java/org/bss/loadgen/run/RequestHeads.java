package org.bss.loadgen.run;

import java.util.function.Function;
import org.bss.loadgen.platform.Credential;

/**
 * A tenant's request heads as the driver reuses them, a write's and a read's, built from its credential's header and
 * built again only when that header changes (a bearer token refreshed in the background): otherwise asking costs a
 * volatile read and a comparison, and allocates nothing. Used by one thread at a time, the one that makes requests.
 */
final class RequestHeads {

    private final Credential credential;
    private final Function<Credential.Header, byte[]> writeHead;
    private final String customersPath;
    /** The header the heads were built with: a credential answers the same instance until it changes. */
    private Credential.Header builtWith;
    private byte[] write;
    private ReadHead read;

    /**
     * @param eventsPath    the path of a write, e.g. {@code /api/v1/events}
     * @param contentType   a write's content type
     * @param customersPath the path that a customer's id completes, e.g. {@code /api/v1/customers/}
     */
    RequestHeads(Credential credential, String eventsPath, String contentType, String customersPath) {
        this(credential, header -> Http1Connection.head(eventsPath, header, contentType), customersPath);
    }

    /** @param writeHead a write's head for a credential's header, as {@link WriteFormat#head} builds it */
    RequestHeads(Credential credential, Function<Credential.Header, byte[]> writeHead, String customersPath) {
        this.credential = credential;
        this.writeHead = writeHead;
        this.customersPath = customersPath;
    }

    /** A write's head up to the Host header, with the credential's current header. */
    byte[] write() {
        current();
        return write;
    }

    /** A read's head around the customer's id, with the credential's current header. */
    ReadHead read() {
        current();
        return read;
    }

    private void current() {
        Credential.Header header = credential.header();
        if (header != builtWith) {
            write = writeHead.apply(header);
            read = ReadHead.of(customersPath, header);
            builtWith = header;
        }
    }
}
