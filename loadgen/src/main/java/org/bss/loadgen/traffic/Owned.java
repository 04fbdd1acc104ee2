package org.bss.loadgen.traffic;

/** An entity that belongs to a customer; it lives only as long as its customer is in the working set. */
interface Owned {

    Customer customer();
}
