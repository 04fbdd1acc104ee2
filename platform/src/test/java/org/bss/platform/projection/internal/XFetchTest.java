package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Early recomputation: recompute with probability exp(-(expiry - now) / delta), never before a zero delta's expiry. */
class XFetchTest {

    private static final long NOW = 1_000_000;
    private static final long DELTA_MICROS = 100_000; // 100 ms to compute

    private static CacheEntry expiringIn(long millis, long deltaMicros) {
        return new CacheEntry(0, NOW + millis, deltaMicros, new byte[0]);
    }

    /** XFetch with u = 1 - random: these fixed draws give u exactly. */
    private static boolean early(double u, CacheEntry entry) {
        return new XFetch(() -> 1.0 - u).recomputeEarly(entry, NOW);
    }

    @Test
    void oneDeltaBeforeExpiryTheThresholdIsOneOverE() {
        CacheEntry entry = expiringIn(100, DELTA_MICROS);

        assertThat(early(0.36, entry)).isTrue();   // below 1/e = 0.3679
        assertThat(early(0.37, entry)).isFalse();
        assertThat(early(1.0, entry)).isFalse();   // ln 1 = 0: never early before expiry
    }

    @Test
    void atOrPastExpiryEveryReaderRecomputes() {
        assertThat(early(1.0, expiringIn(0, DELTA_MICROS))).isTrue();
        assertThat(early(1.0, expiringIn(-5, DELTA_MICROS))).isTrue();
    }

    @Test
    void anAnswerThatCostsNothingIsNeverRecomputedBeforeItExpires() {
        assertThat(early(1e-12, expiringIn(1, 0))).isFalse();
    }

    @Test
    void theShareOfReadersThatRecomputeIsExpOfMinusTheTimeLeftInDeltas() {
        Random random = new Random(42);
        XFetch xfetch = new XFetch(random::nextDouble);
        int draws = 200_000;
        List<Double> shares = new ArrayList<>();
        for (double deltasLeft : new double[] {4, 2, 1, 0.5, 0.1}) {
            CacheEntry entry = expiringIn(Math.round(deltasLeft * DELTA_MICROS / 1000), DELTA_MICROS);
            int early = 0;
            for (int i = 0; i < draws; i++) {
                if (xfetch.recomputeEarly(entry, NOW)) {
                    early++;
                }
            }
            double share = (double) early / draws;
            assertThat(share).as("%s deltas before expiry", deltasLeft).isCloseTo(Math.exp(-deltasLeft), within(0.005));
            shares.add(share);
        }
        assertThat(shares).as("more readers recompute as expiry nears").isSorted();
    }

    @Test
    void aDearerAnswerIsRecomputedEarlier() {
        double u = 0.2; // -ln u = 1.6
        assertThat(early(u, expiringIn(150, 100_000))).isTrue();   // 150 ms left, 160 ms of delta * -ln u
        assertThat(early(u, expiringIn(150, 50_000))).isFalse();   // 80 ms
    }
}
