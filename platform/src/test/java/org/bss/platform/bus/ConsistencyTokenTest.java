package org.bss.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The token's text form, merging two tokens, and when a reader has passed one. */
class ConsistencyTokenTest {

    @Test
    void textFormRoundTrips() {
        ConsistencyToken token = ConsistencyToken.parse("3-1234.5-77");

        assertThat(token.offsets()).containsExactly(Map.entry(3, 1234L), Map.entry(5, 77L));
        assertThat(token).hasToString("3-1234.5-77");
        assertThat(ConsistencyToken.parse(token.toString())).isEqualTo(token);
    }

    @Test
    void textFormListsPartitionsInOrderWhateverTheInput() {
        ConsistencyToken token = new ConsistencyToken(Map.of(11, 9L, 0, 0L, 4, Long.MAX_VALUE));

        assertThat(token).hasToString("0-0.4-" + Long.MAX_VALUE + ".11-9");
        assertThat(ConsistencyToken.parse(token.toString())).isEqualTo(token);
        assertThat(ConsistencyToken.parse("5-77.3-1234")).isEqualTo(ConsistencyToken.parse("3-1234.5-77"));
    }

    @Test
    void theEmptyTokenIsEmptyText() {
        assertThat(ConsistencyToken.NONE.isEmpty()).isTrue();
        assertThat(ConsistencyToken.NONE).hasToString("");
        assertThat(ConsistencyToken.of(0, 0).isEmpty()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void nothingIsNotAToken(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyToken.parse(text))
                .withMessage("a consistency token is <partition>-<offset>[.<partition>-<offset>...]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "3-", "-3", "-", "3-1-2", "a-1", "3-x", "3-1.", ".3-1", "3-1..5-2", "3-1,5-2",
            " 3-1", "3-1 ", "3--1", "-1-3", "3-1.3-2", "2147483648-1", "3-9223372036854775808", "3_1"})
    void badTextIsRefusedNamingTheTextAndTheForm(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyToken.parse(text))
                .withMessage("'" + text + "' is not a consistency token: "
                        + "<partition>-<offset>[.<partition>-<offset>...] expected, each partition once");
    }

    @Test
    void andKeepsEveryPartitionAtTheHigherOffset() {
        ConsistencyToken first = ConsistencyToken.parse("0-10.3-1234");
        ConsistencyToken second = ConsistencyToken.parse("3-1000.5-77.0-12");

        assertThat(first.and(second)).hasToString("0-12.3-1234.5-77");
        assertThat(second.and(first)).isEqualTo(first.and(second));
    }

    @Test
    void andWithNoneIsTheSameToken() {
        ConsistencyToken token = ConsistencyToken.parse("3-1234.5-77");

        assertThat(token.and(ConsistencyToken.NONE)).isEqualTo(token);
        assertThat(ConsistencyToken.NONE.and(token)).isEqualTo(token);
        assertThat(token).isEqualTo(ConsistencyToken.parse("3-1234.5-77")); // and() leaves both as they were
    }

    @Test
    void aReaderHasPassedATokenOnceItsNextOffsetIsBeyondEveryPosition() {
        ConsistencyToken token = ConsistencyToken.parse("3-1234.5-77");

        assertThat(token.passedBy(Map.of(3, 1235L, 5, 78L))).isTrue();
        assertThat(token.passedBy(Map.of(3, 5000L, 5, 78L, 7, 0L))).isTrue();
    }

    @Test
    void aReaderAtTheTokensOffsetHasNotReadThatRecordYet() {
        ConsistencyToken token = ConsistencyToken.parse("3-1234.5-77");

        assertThat(token.passedBy(Map.of(3, 1235L, 5, 77L))).isFalse();
        assertThat(token.passedBy(Map.of(3, 1234L, 5, 78L))).isFalse();
    }

    @Test
    void aReaderThatDoesNotReadOneOfThePartitionsHasNotPassed() {
        ConsistencyToken token = ConsistencyToken.parse("3-1234.5-77");

        assertThat(token.passedBy(Map.of(3, 1235L))).isFalse();
        assertThat(token.passedBy(Map.of())).isFalse();
    }

    @Test
    void everyReaderHasPassedTheEmptyToken() {
        assertThat(ConsistencyToken.NONE.passedBy(Map.of())).isTrue();
    }
}
