package org.bss.platform.store;

/**
 * Where the query side reads: the read replica ({@code bss.read-replica.*}) while its lag is within
 * {@code max-lag}, else the primary. A request takes {@link #current()} once and makes all its reads there, so that
 * what it reads (a consistency token's wait, the read it guards, the freshness it reports) is one consistent state.
 */
public interface ReadSources {

    ReadSource current();

    /** The primary: for writes, and for reads that must see every commit. */
    ReadSource primary();
}
