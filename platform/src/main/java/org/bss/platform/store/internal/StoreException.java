package org.bss.platform.store.internal;

/** The database could not take a batch now; the batch is retried, never skipped. */
class StoreException extends RuntimeException {

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
