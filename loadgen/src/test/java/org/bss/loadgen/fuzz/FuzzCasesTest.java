package org.bss.loadgen.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generated requests: the same for a seed, every family in a pass, and none the platform could accept. */
class FuzzCasesTest {

    static final FuzzTarget TARGET = new FuzzTarget("fuzz-t1", "bss_Q2xhc3NpYy1rZXktb2YtdGhlLWZ1enotdGVuYW50LTAx",
            "fuzz-t1-other", "bss_T3RoZXIta2V5LW9mLWFub3RoZXItdGVuYW50LTAyMDM", "localhost:8080");

    @Test
    void aSeedAlwaysGivesTheSameRequestsAndAnotherSeedOthers() {
        FuzzCases one = new FuzzCases(1, 1000, TARGET);
        FuzzCases again = new FuzzCases(1, 1000, TARGET);
        FuzzCases two = new FuzzCases(2, 1000, TARGET);
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            FuzzRequest a = one.request(i);
            FuzzRequest b = again.request(i);
            assertThat(b.bytes()).as("request %d", i).isEqualTo(a.bytes());
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.pace()).isEqualTo(a.pace());
            if (!java.util.Arrays.equals(two.request(i).bytes(), a.bytes())) {
                differ++;
            }
        }
        assertThat(differ).isGreaterThan(950);
    }

    @Test
    void requestsComeOutTheSameInAnyOrder() {
        FuzzCases cases = new FuzzCases(7, 300, TARGET);
        List<byte[]> forward = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            forward.add(cases.request(i).bytes());
        }
        for (int i = 299; i >= 0; i--) {
            assertThat(cases.request(i).bytes()).isEqualTo(forward.get(i));
        }
    }

    @Test
    void everyFamilyMakesRequestsInAPass() {
        FuzzCases cases = new FuzzCases(1, 2000, TARGET);
        Set<String> families = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            FuzzRequest request = cases.request(i);
            assertThat(request.bytes()).isNotEmpty();
            families.add(request.family());
        }
        assertThat(families).containsExactlyInAnyOrderElementsOf(FuzzCases.familyNames());
    }

    @Test
    void slowClientsAreFewAndSpreadOverThePass() {
        assertThat(FuzzCases.slowCount(600)).isEqualTo(2);
        assertThat(FuzzCases.slowCount(10_000)).isEqualTo(20);
        assertThat(FuzzCases.slowCount(1_000_000)).isEqualTo(20);
        FuzzCases cases = new FuzzCases(3, 10_000, TARGET);
        List<Integer> slow = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (cases.request(i).family().equals("slow")) {
                slow.add(i);
            }
        }
        assertThat(slow).hasSize(20).first().isEqualTo(250);
        assertThat(slow.getLast()).isEqualTo(9750);
    }

    @Test
    void noGeneratedRequestCouldBeAccepted() {
        List<String> acceptable = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            FuzzCases cases = new FuzzCases(seed, 2000, TARGET);
            for (int i = 0; i < cases.size(); i++) {
                FuzzRequest request = cases.request(i);
                if (Guard.couldBeAccepted(request.bytes(), TARGET)) {
                    acceptable.add("seed " + seed + " #" + i + " " + request.family() + "/" + request.name() + ": "
                            + Excerpt.escape(request.bytes(), 300));
                }
            }
        }
        assertThat(acceptable).isEmpty();
    }

    @Test
    void eachFamilyOnItsOwnMakesOnlyRequestsThatCannotBeAccepted() {
        for (Family family : Family.all()) {
            SplittableRandom random = new SplittableRandom(11);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 150; i++) {
                FuzzRequest request = family.next(random, TARGET);
                assertThat(request.family()).isEqualTo(family.name());
                assertThat(Guard.couldBeAccepted(request.bytes(), TARGET)).as("%s/%s: %s", family.name(), request.name(),
                        Excerpt.escape(request.bytes(), 400)).isFalse();
                names.add(request.name());
            }
            assertThat(names).as(family.name()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aFamilyIsAPureFunctionOfItsGenerator() {
        for (Family family : Family.all()) {
            FuzzRequest a = family.next(new SplittableRandom(5), TARGET);
            FuzzRequest b = family.next(new SplittableRandom(5), TARGET);
            assertThat(b.bytes()).as(family.name()).isEqualTo(a.bytes());
        }
    }
}
