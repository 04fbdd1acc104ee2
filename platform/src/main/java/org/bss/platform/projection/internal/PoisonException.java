package org.bss.platform.projection.internal;

/** An event the projection can never fold; {@code cause} is a short tag for the dead-letter header and metrics. */
class PoisonException extends Exception {

    private final String cause;

    PoisonException(String cause, String message) {
        super(message);
        this.cause = cause;
    }

    String tag() {
        return cause;
    }
}
