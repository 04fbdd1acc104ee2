package org.bss.loadgen.traffic;

/**
 * A customer of the working set: what later events about it need. {@code slot} is its place in
 * {@link Customers}, by which it is known to be still there.
 */
record Customer(String id, int slot, Region region, boolean business, Name firstName, Name lastName) {

    String currency() {
        return region.currency();
    }
}
