package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void ratesInTheUnitsPeopleUse() {
        assertThat(Rates.perSecond("400000/min")).isCloseTo(6666.67, within(0.01));
        assertThat(Rates.perSecond("400k/min")).isCloseTo(6666.67, within(0.01));
        assertThat(Rates.perSecond("1m/min")).isCloseTo(16666.67, within(0.01));
        assertThat(Rates.perSecond("1,500,000/min")).isEqualTo(25_000);
        assertThat(Rates.perSecond("6667/s")).isEqualTo(6667);
        assertThat(Rates.perSecond("6667")).isEqualTo(6667);
        assertThat(Rates.perSecond("3600/h")).isEqualTo(1);
    }

    @Test
    void durations() {
        assertThat(Rates.duration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Rates.duration("60")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Rates.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Rates.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Rates.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void badInputNamesWhatIsExpected() {
        assertThatThrownBy(() -> Rates.perSecond("fast")).hasMessageContaining("'fast' is not a rate").hasMessageContaining("400000/min");
        assertThatThrownBy(() -> Rates.perSecond("0/s")).hasMessageContaining("rate must be a positive number");
        assertThatThrownBy(() -> Rates.duration("soon")).hasMessageContaining("'soon' is not a duration");
    }
}
