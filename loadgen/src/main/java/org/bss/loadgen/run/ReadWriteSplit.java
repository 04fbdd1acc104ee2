package org.bss.loadgen.run;

import java.util.SplittableRandom;
import org.bss.loadgen.traffic.Traffic;

/**
 * What each scheduled request is: a read, {@code percent} times in a hundred, of a customer that the tenant's
 * stream names, else a write. A read drawn while the platform has accepted none of the stream's customers yet is
 * a write instead. Draws from a random of its own, so the streams' events stay those of their seeds.
 */
final class ReadWriteSplit {

    private final int percent;
    private final SplittableRandom random;

    ReadWriteSplit(int percent, long seed) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("the share of reads must be 0 to 100 percent: " + percent);
        }
        this.percent = percent;
        this.random = new SplittableRandom(seed);
    }

    boolean reads() {
        return percent > 0;
    }

    /** The id of the customer the next request reads, or null when it writes. */
    String nextRead(Traffic traffic) {
        if (percent == 0 || random.nextInt(100) >= percent) {
            return null;
        }
        return traffic.customerToRead(random);
    }
}
