package org.bss.platform.store.internal;

/**
 * The database refused the data itself (a data exception or a constraint, SQLSTATE classes 22 and 23): retrying
 * the same rows can never succeed, so the rows that cause it go to the dead-letter topic.
 */
class PoisonException extends RuntimeException {

    private final String sqlState;

    PoisonException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** A short name of the cause for the dead-letter header and metric. */
    String cause() {
        return sqlState.startsWith("23") ? "constraint-violation" : "invalid-data";
    }
}
