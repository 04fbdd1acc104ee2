package org.bss.loadgen.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The guard says yes to every request the platform could accept, however it is framed, and no to broken ones. */
class FuzzGuardTest {

    static final FuzzTarget TARGET = FuzzCasesTest.TARGET;

    private static Map<String, String> valid() {
        return Events.valid(TARGET, new SplittableRandom(1));
    }

    @Test
    void aValidEventWithTheKeyCouldBeAcceptedInEveryMode() {
        byte[] event = Events.bytes(valid());
        assertThat(Guard.couldBeAccepted(Http1Request.structured(TARGET, event).bytes(), TARGET)).isTrue();
        assertThat(Guard.couldBeAccepted(Http1Request.post(TARGET, "text/plain", event).bytes(), TARGET)).isTrue();
        assertThat(Guard.couldBeAccepted(Events.binary(TARGET, new SplittableRandom(2)).bytes(), TARGET)).isTrue();
        byte[] batch = Bytes.concat(Bytes.ascii("["), Events.brokenJson(TARGET, new SplittableRandom(3)), Bytes.ascii(","), event, Bytes.ascii("]"));
        assertThat(Guard.couldBeAccepted(Http1Request.post(TARGET, Batches.BATCH, batch).bytes(), TARGET)).isTrue();
    }

    @Test
    void framingAndEncodingDoNotHideAValidEvent() {
        byte[] event = Events.bytes(valid());
        Http1Request base = Http1Request.structured(TARGET, event);
        assertThat(Guard.couldBeAccepted(base.withRawBody(Bytes.concat(event, Bytes.ascii("garbage after"))).bytes(), TARGET))
                .as("Content-Length cuts the garbage off").isTrue();
        assertThat(Guard.couldBeAccepted(base.without("Content-Length").with("Transfer-Encoding: chunked")
                .withRawBody(Framing.chunks(new SplittableRandom(4), event, true)).bytes(), TARGET)).as("chunked").isTrue();
        assertThat(Guard.couldBeAccepted(base.with("Content-Encoding: gzip").withBody(Encodings.gzip(event)).bytes(), TARGET))
                .as("gzip").isTrue();
        assertThat(Guard.couldBeAccepted(base.bytes("\n"), TARGET)).as("bare LF").isTrue();
        byte[] pipelined = Bytes.concat(Http1Request.structured(TARGET, Events.brokenJson(TARGET, new SplittableRandom(5)))
                .without("X-API-Key").bytes(), base.bytes());
        assertThat(Guard.couldBeAccepted(pipelined, TARGET)).as("a second request").isTrue();
        Http1Request binaryWithoutLength = Events.binary(TARGET, new SplittableRandom(6)).without("Content-Length")
                .withRawBody(Bytes.ascii("{not JSON"));
        assertThat(Guard.couldBeAccepted(binaryWithoutLength.bytes(), TARGET)).as("no Content-Length: an event without data").isTrue();
    }

    @Test
    void aBrokenEventOrNoKeyCannotBeAccepted() {
        for (int i = 0; i < 50; i++) {
            assertThat(Guard.couldBeAccepted(Http1Request.structured(TARGET, Events.brokenJson(TARGET, new SplittableRandom(i))).bytes(), TARGET))
                    .isFalse();
        }
        byte[] event = Events.bytes(valid());
        assertThat(Guard.couldBeAccepted(Http1Request.structured(TARGET, event).without("X-API-Key").bytes(), TARGET)).isFalse();
        assertThat(Guard.couldBeAccepted(Http1Request.structured(TARGET, event).replace("X-API-Key", TARGET.apiKey().substring(1)).bytes(),
                TARGET)).isFalse();
    }

    @Test
    void aKeyMayOnlyWriteItsOwnTenantsEvents() {
        Map<String, String> claimingThis = valid();
        claimingThis.put("tenantid", "\"" + TARGET.tenantId() + "\"");
        Http1Request otherKey = Http1Request.structured(TARGET, Events.bytes(claimingThis)).replace("X-API-Key", TARGET.otherApiKey());
        assertThat(Guard.couldBeAccepted(otherKey.bytes(), TARGET)).isFalse();
        assertThat(Guard.couldBeAccepted(otherKey.withBody(Events.bytes(valid())).bytes(), TARGET))
                .as("the other tenant's key may write an event of its own").isTrue();
        assertThat(Guard.couldBeAccepted(Http1Request.structured(TARGET, Events.bytes(claimingThis)).bytes(), TARGET)).isTrue();
    }
}
