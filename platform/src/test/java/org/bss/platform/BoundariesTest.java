package org.bss.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The capabilities of the platform keep to their boundaries: a capability's {@code internal} package is its own,
 * and capabilities that talk through Kafka do not call each other.
 */
class BoundariesTest {

    private static final JavaClasses PLATFORM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bss.platform", "org.bss.model");

    @ParameterizedTest
    @ValueSource(strings = {"bus", "web", "tenancy", "ingest", "query", "schemas", "store", "ops", "quota"})
    void aCapabilitysInternalsAreUsedOnlyByItself(String capability) {
        String root = "org.bss.platform." + capability;
        classes().that().resideInAPackage(root + ".internal..")
                .should().onlyBeAccessed().byClassesThat().resideInAPackage(root + "..")
                .check(PLATFORM);
    }

    @Test
    void ingestAndStoreTalkOnlyThroughKafka() {
        noClasses().that().resideInAPackage("org.bss.platform.ingest..")
                .should().dependOnClassesThat().resideInAPackage("org.bss.platform.store..")
                .check(PLATFORM);
        noClasses().that().resideInAPackage("org.bss.platform.store..")
                .should().dependOnClassesThat().resideInAPackage("org.bss.platform.ingest..")
                .check(PLATFORM);
    }

    @Test
    void tenancyKnowsNoneOfTheCapabilitiesThatAskIt() {
        noClasses().that().resideInAPackage("org.bss.platform.tenancy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bss.platform.quota..", "org.bss.platform.schemas..",
                        "org.bss.platform.store..", "org.bss.platform.ingest..")
                .check(PLATFORM);
    }

    @Test
    void theEventModelKnowsNoFramework() {
        noClasses().that().resideInAPackage("org.bss.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "org.bss.platform..", "jakarta..")
                .check(PLATFORM);
    }
}
