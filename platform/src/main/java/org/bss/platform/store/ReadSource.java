package org.bss.platform.store;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database the query side reads from: the primary or the read replica, with the {@link EventLog} on it.
 *
 * @param name {@code primary} or {@code replica}
 */
public record ReadSource(String name, JdbcClient jdbc, EventLog events) {
}
