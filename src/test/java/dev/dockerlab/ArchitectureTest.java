package dev.dockerlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One way down (docs/architecture.md): the edges (web pages and API, the terminal socket, the
 * gateway to sandboxes' previews and registries) use the classroom (workshops, instructors), which
 * uses progress, lessons and sandboxes, and everything may use the learner. A lower layer tells a higher
 * one something by a CDI event ({@code SandboxEnded}, {@code StepPassed}), never by calling it.
 * {@code i18n}, {@code log} and {@code db} are utilities anyone may use; they use no layer.
 */
@AnalyzeClasses(packages = "dev.dockerlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageUsesOneAboveIt = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Edges").definedBy("dev.dockerlab.web..", "dev.dockerlab.terminal..", "dev.dockerlab.gateway..",
                    "dev.dockerlab.metrics..")
            .layer("Classroom").definedBy("dev.dockerlab.classroom..")
            .layer("Progress").definedBy("dev.dockerlab.progress..")
            .layer("Lessons").definedBy("dev.dockerlab.lesson..")
            .layer("Sandboxes").definedBy("dev.dockerlab.sandbox..")
            .layer("Learners").definedBy("dev.dockerlab.learner..")
            .layer("Utilities").definedBy("dev.dockerlab.i18n..", "dev.dockerlab.log..", "dev.dockerlab.db..")
            .whereLayer("Edges").mayNotBeAccessedByAnyLayer()
            .whereLayer("Classroom").mayOnlyBeAccessedByLayers("Edges")
            .whereLayer("Progress").mayOnlyBeAccessedByLayers("Edges", "Classroom")
            .whereLayer("Lessons").mayOnlyBeAccessedByLayers("Edges", "Classroom", "Progress")
            .whereLayer("Sandboxes").mayOnlyBeAccessedByLayers("Edges", "Classroom", "Progress", "Lessons")
            .whereLayer("Learners").mayOnlyBeAccessedByLayers("Edges", "Classroom", "Progress", "Lessons", "Sandboxes")
            .whereLayer("Utilities").mayOnlyAccessLayers("Utilities")
            .because("dependencies point one way, from the edges down; a lower layer tells a higher one by a CDI event");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.dockerlab.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule migrationsAreSqlScripts = noClasses().should().implement("org.flywaydb.core.api.migration.JavaMigration")
            .because("the start tells an up-to-date schema from its history and the SQL scripts in db/migration"
                    + " (db/SchemaHistory), and would not see a Java migration that is still to be applied");

}
