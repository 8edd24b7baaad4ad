package dev.dockerlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Every place the server talks to Docker is in one package: {@code sandbox} owns the client, runs
 * the commands and the terminal's attach, and turns the engine's answers into the project's
 * exceptions. The tests' own host-side client (support.HostDocker) is not the server's.
 */
@AnalyzeClasses(packages = "dev.dockerlab", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineOwnershipTest {

    @ArchTest
    static final ArchRule onlySandboxTalksToDocker = noClasses()
            .that().resideOutsideOfPackage("dev.dockerlab.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
            .because("only dev.dockerlab.sandbox talks to the Docker engine (docs/architecture.md)");
}
