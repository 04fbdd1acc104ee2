package org.bss.bench.chaos;

/**
 * The platform instances of a run: the first takes every request of the load generator; the second, when there is
 * one, shares the consumer groups' partitions with it.
 */
public record Platforms(PlatformNode first, PlatformNode second) implements AutoCloseable {

    @Override
    public PlatformNode second() {
        if (second == null) {
            throw new IllegalStateException("this run has one instance");
        }
        return second;
    }

    public boolean two() {
        return second != null;
    }

    @Override
    public void close() {
        if (second != null) {
            second.close();
        }
        first.close();
    }
}
