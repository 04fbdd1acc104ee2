package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchAnswerTest {

    @Test
    void readsWhichEventsOfA207WereAccepted() {
        byte[] body = """
                {"accepted":2,"rejected":1,"results":[{"index":0,"status":"accepted","id":"a"},
                 {"index":1,"id":"b","status":"rejected","error":{"status":400}},{"index":2,"status":"accepted","id":"c"},
                 {"index":7,"status":"accepted","id":"out of range"}]}""".getBytes(StandardCharsets.UTF_8);

        assertThat(BatchAnswer.acceptedIndexes(body, 3)).containsExactly(0, 2);
    }

    @Test
    void aGarbledAnswerAcceptsNothing() {
        assertThat(BatchAnswer.acceptedIndexes("<html>proxy error".getBytes(StandardCharsets.UTF_8), 3)).isEmpty();
    }
}
