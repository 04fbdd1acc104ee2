package org.bss.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationTest {

    private static EventRef ref(String id) {
        return new EventRef("t1", "/tenants/t1/loadgen", id);
    }

    @Test
    void everyAcceptedEventStoredOnceIsExactlyOnce() {
        Verification v = new Verification();
        List.of("a", "b", "c").forEach(id -> v.accepted(ref(id)));
        List.of("c", "a", "b").forEach(id -> v.stored(ref(id)));

        Verification.Result result = v.result();
        assertThat(result.line()).isEqualTo("accepted 3  stored 3  missing 0  duplicated 0  (stored but never acknowledged 0)");
        assertThat(result.exactlyOnce()).isTrue();
    }

    @Test
    void reportsAMissingAndADuplicatedEvent() {
        Verification v = new Verification();
        List.of("a", "b", "c", "d").forEach(id -> v.accepted(ref(id)));
        List.of("a", "b", "b", "d").forEach(id -> v.stored(ref(id)));

        Verification.Result result = v.result();
        assertThat(result.accepted()).isEqualTo(4);
        assertThat(result.stored()).isEqualTo(3);
        assertThat(result.missing()).isEqualTo(1);
        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.lost()).isEqualTo(2);
        assertThat(result.exactlyOnce()).isFalse();
        assertThat(result.missingSamples()).containsExactly(ref("c"));
        assertThat(result.duplicatedSamples()).containsExactly(ref("b"));
        assertThat(result.line()).contains("missing 1").contains("duplicated 1");
        assertThat(result.asMap()).containsEntry("missing", 1L).containsEntry("duplicated", 1L).containsEntry("exactlyOnce", false);
    }

    @Test
    void theSameIdOfAnotherTenantOrSourceIsAnotherEvent() {
        Verification v = new Verification();
        v.accepted(new EventRef("t1", "/s", "a"));
        v.stored(new EventRef("t2", "/s", "a"));
        v.stored(new EventRef("t1", "/other", "a"));

        Verification.Result result = v.result();
        assertThat(result.missing()).isEqualTo(1);
        assertThat(result.unacknowledged()).isEqualTo(2);
        assertThat(result.duplicated()).isZero();
    }

    @Test
    void storedButNeverAcknowledgedIsNotLoss() {
        Verification v = new Verification();
        v.accepted(ref("a"));
        v.stored(ref("a"));
        v.stored(ref("timed-out-on-the-client"));

        assertThat(v.result().unacknowledged()).isEqualTo(1);
        assertThat(v.result().exactlyOnce()).isTrue();
    }

    @Test
    void missingSoFarCountsDown() {
        Verification v = new Verification();
        List.of("a", "b").forEach(id -> v.accepted(ref(id)));
        assertThat(v.missingSoFar()).isEqualTo(2);
        v.stored(ref("a"));
        v.stored(ref("a"));
        assertThat(v.missingSoFar()).isEqualTo(1);
    }

    @Test
    void theAcceptedLogReadsBackWhatWasWritten(@TempDir Path dir) {
        Path file = dir.resolve("run/accepted.tsv");
        try (AcceptedLog log = AcceptedLog.create(file)) {
            log.accepted("t1", "/tenants/t1/loadgen", "id-1");
            log.accepted("t2", "/tenants/t2/loadgen", "id-2");
            assertThat(log.lines()).isEqualTo(2);
        }
        List<EventRef> read = new ArrayList<>();
        AcceptedLog.read(file, read::add);

        assertThat(read).containsExactly(new EventRef("t1", "/tenants/t1/loadgen", "id-1"), new EventRef("t2", "/tenants/t2/loadgen", "id-2"));
    }

    @Test
    void aDamagedAcceptedLogNamesTheLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("accepted.tsv"), "t1\t/s\ta\nt1 /s b\n");

        assertThatThrownBy(() -> AcceptedLog.read(file, ref -> { }))
                .hasMessageContaining("line 2").hasMessageContaining("tenant, source and id");
    }
}
