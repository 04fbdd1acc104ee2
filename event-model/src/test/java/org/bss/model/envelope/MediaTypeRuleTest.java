package org.bss.model.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The datacontenttype check against the regular expression it replaced. */
class MediaTypeRuleTest {

    private static final Pattern ORACLE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\\s*(;.*)?");

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/cloudevents+json", "text/plain; charset=utf-8",
            "application/vnd.bss.v1+json ;x=1", "a/b\t", "x/y;", "image/svg+xml;q=0.5;a=\"b c\""})
    void acceptsMediaTypes(String value) {
        assertThat(EnvelopeRules.isMediaType(value)).isTrue().isEqualTo(ORACLE.matcher(value).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "json", "/json", "application/", "application /json", "text/plain;\nx=1",
            "-a/b", "a/-b", "a/b c", "a/b/c", "ä/b", "a/b;\u2028"})
    void refusesWhatIsNotOne(String value) {
        assertThat(EnvelopeRules.isMediaType(value)).isFalse().isEqualTo(ORACLE.matcher(value).matches());
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomNearMisses() {
        Random random = new Random(6838);
        String[] seeds = {"application/json", "text/plain; charset=utf-8", "application/vnd.a+json"};
        String[] pieces = {"/", ";", " ", "\t", "\n", "\r", "\u0085", "\u000B", "-", "+", ".", "a", "9", "=", "\"", "ä",
                "!", "#", "^", "_", "\u2028", "(", "@"};
        int valid = 0;
        for (int n = 0; n < 100_000; n++) {
            String s = NearMisses.of(seeds[random.nextInt(seeds.length)], pieces, random);
            boolean expected = ORACLE.matcher(s).matches();
            assertThat(EnvelopeRules.isMediaType(s)).as("%s", s).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("media types among the near misses").isGreaterThan(10_000);
    }
}
