package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexSetTest {

    @Test
    void addsOnceAndKnowsWhatItHolds() {
        IndexSet set = new IndexSet();

        assertThat(set.add(3)).isTrue();
        assertThat(set.add(3)).isFalse();
        assertThat(set.add(1_000_000)).isTrue();
        assertThat(set.contains(3)).isTrue();
        assertThat(set.contains(4)).isFalse();
        assertThat(set.contains(1_000_000)).isTrue();
        assertThat(set.contains(5_000_000)).isFalse();
        assertThat(set.size()).isEqualTo(2);
    }

    @Test
    void aFullChunkStaysFullAndCountsWithAnother() {
        IndexSet all = new IndexSet();
        IndexSet evens = new IndexSet();
        for (int i = 0; i < 200_000; i++) {
            all.add(i);
            if (i % 2 == 0) {
                evens.add(i);
            }
        }

        assertThat(all.add(70_000)).as("in a full chunk").isFalse();
        assertThat(all.size()).isEqualTo(200_000);
        assertThat(all.countCommon(evens)).isEqualTo(100_000);
        assertThat(evens.countCommon(all)).isEqualTo(100_000);
        assertThat(all.countCommon(new IndexSet())).isZero();
        assertThat(evens.firstOf(all, false, 3)).containsExactly(1, 3, 5);
        assertThat(evens.firstOf(all, true, 3)).containsExactly(0, 2, 4);
        assertThat(all.firstOf(evens, false, 3)).isEmpty();
    }
}
