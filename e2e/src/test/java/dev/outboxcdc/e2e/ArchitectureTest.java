package dev.outboxcdc.e2e;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.outboxcdc.harness.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What may depend on what, as the README's picture says, checked on the compiled main code of every
 * module: the contract depends on nothing of the project, service-support on the contract only, no
 * service on another service or on the tools, and the cores of the relay and the worker on neither
 * their inputs nor the broker client. A rule that fails says which class broke it and why the rule
 * is there.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.outboxcdc");
    }

    @Test
    void theContractDependsOnNothingOfTheProject() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.contract..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.outboxcdc..").and(not(resideInAPackage("dev.outboxcdc.contract.."))))
                .because("the events, schemas and outbox table are what every service and any other consumer"
                        + " shares: the contract module must build alone"));
    }

    @Test
    void theProducerLibraryDependsOnTheContractOnly() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.producer..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.outboxcdc..")
                        .and(not(resideInAPackage("dev.outboxcdc.contract..")))
                        .and(not(resideInAPackage("dev.outboxcdc.producer.."))))
                .because("another team's service embeds the producer: it must not bring the project's"
                        + " services or their support code with it"));
    }

    @Test
    void theConsumerLibrarysInternalsAreItsOwn() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("dev.outboxcdc.consumer..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.outboxcdc.consumer.internal..")
                .because("the library's public API is the package dev.outboxcdc.consumer (docs/LIBRARY.md);"
                        + " what is internal may change in any release, so no service may build on it"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.consumer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.outboxcdc.api..",
                        "dev.outboxcdc.relay..",
                        "dev.outboxcdc.worker..",
                        "dev.outboxcdc.ctl..",
                        "dev.outboxcdc.examples..")
                .because("another team's service embeds the consumer: it must not bring a service with it"));
    }

    @Test
    void theSecondServiceIsBuiltOnTheConsumersPublicApiAndTheContractOnly() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.examples..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.outboxcdc..")
                        .and(not(resideInAPackage("dev.outboxcdc.examples..")))
                        .and(not(resideInAPackage("dev.outboxcdc.contract..")))
                        .and(not(resideInAPackage("dev.outboxcdc.consumer"))))
                .because("the loyalty example shows what another team's service needs: the consumer library's"
                        + " public API and the contract, no class of the worker, of service-support or of the"
                        + " library's internals"));
    }

    @Test
    void theSecondServiceIsAtMost150LinesOfJava() throws IOException {
        Path sources = ProjectRoot.find().resolve("examples/loyalty/src/main/java");
        long lines;
        try (Stream<Path> files = Files.walk(sources)) {
            lines = files.filter(file -> file.toString().endsWith(".java"))
                    .mapToLong(file -> {
                        try {
                            return Files.readAllLines(file).size();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
        assertThat(lines)
                .as("examples/loyalty's Java, wiring and handlers: what another team writes to subscribe")
                .isPositive()
                .isLessThanOrEqualTo(150);
    }

    @Test
    void serviceSupportKnowsTheContractButNoService() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.support..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.outboxcdc.api..",
                        "dev.outboxcdc.relay..",
                        "dev.outboxcdc.worker..",
                        "dev.outboxcdc.consumer..",
                        "dev.outboxcdc.ctl..",
                        "dev.outboxcdc.harness..",
                        "dev.outboxcdc.testsupport..",
                        "dev.outboxcdc.tools..")
                .because("service-support is what the services share; a service's own code belongs in the"
                        + " service, and the tools are built on the services, not under them"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.support..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.outboxcdc.contract.events.CustomerEvents")
                .because("service-support keeps no domain default: the customer subscriber's names are the"
                        + " contract's (contract.topology.BrokerNames)"));
    }

    @Test
    void noServiceDependsOnAnotherServiceOrOnTheTools() {
        check(slices().matching("dev.outboxcdc.(api|relay|worker|ctl|examples)..")
                .should()
                .notDependOnEachOther()
                .ignoreDependency(
                        com.tngtech.archunit.base.DescribedPredicate.describe(
                                "outboxctl", c -> c.getPackageName().startsWith("dev.outboxcdc.ctl")),
                        com.tngtech.archunit.base.DescribedPredicate.describe(
                                "relay-core's publishing and state",
                                c -> c.getPackageName().startsWith("dev.outboxcdc.relay.publish")
                                        || c.getPackageName().startsWith("dev.outboxcdc.relay.state")
                                        || c.getPackageName().startsWith("dev.outboxcdc.relay.metrics")))
                .because("each service deploys alone; outboxctl re-publishes through relay-core's confirming"
                        + " publisher and reads the relay's stored state, and nothing else crosses"));
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.outboxcdc.api..",
                        "dev.outboxcdc.relay..",
                        "dev.outboxcdc.worker..",
                        "dev.outboxcdc.consumer..",
                        "dev.outboxcdc.examples..",
                        "dev.outboxcdc.ctl..",
                        "dev.outboxcdc.support..",
                        "dev.outboxcdc.contract..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.outboxcdc.harness..", "dev.outboxcdc.testsupport..", "dev.outboxcdc.tools..")
                .because("the harness, the test support and the tools start and check the services; a service"
                        + " that needed them would ship them"));
    }

    @Test
    void theToolsAndTheHarnessRunWithoutATestFramework() {
        check(noClasses()
                .that()
                .resideInAnyPackage("dev.outboxcdc.tools..", "dev.outboxcdc.harness..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..", "org.assertj..", "org.awaitility..", "org.testcontainers..")
                .because("make loadtest, make bench and make chaos run the tools as programs: a test library"
                        + " on their class path is a test framework at run time (wait with harness.Polling;"
                        + " Testcontainers belongs to test-support)"));
    }

    @Test
    void theRelaysPublishingKnowsNoSourceOfEvents() {
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.outboxcdc.relay.publish..", "dev.outboxcdc.relay.state..", "dev.outboxcdc.relay.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.outboxcdc.relay.cdc..", "dev.outboxcdc.relay.polling..", "io.debezium..")
                .because("relay-core publishes whatever the CDC engine or the polling loop hands it, and"
                        + " outboxctl re-publishes with it without Debezium"));
    }

    @Test
    void theWorkersHandlersKnowNeitherTheBrokerNorTheirDelivery() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.outboxcdc.worker.handler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.rabbitmq..", "dev.outboxcdc.consumer.internal..")
                .because("a handler is the effect of one event type, given the event: how it arrived (and"
                        + " retries, parking, acks) is the receiver's business"));
    }

    @Test
    void environmentVariablesAreReadThroughTheSettingsCatalogueOnly() {
        check(noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.outboxcdc.support.config.Env")
                .and()
                .doNotHaveFullyQualifiedName("dev.outboxcdc.harness.TestEnvironment")
                .and()
                .doNotHaveFullyQualifiedName("dev.outboxcdc.harness.NodeTools")
                .and()
                .doNotHaveFullyQualifiedName("dev.outboxcdc.support.tracing.Tracing")
                .and()
                .resideOutsideOfPackage("dev.outboxcdc.examples..")
                .should()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getenv")
                .because("every variable is a Setting of the catalogue (docs/CONFIGURATION.md), read with"
                        + " Env.get: typed, validated, documented. Exceptions: Env itself, TestEnvironment"
                        + " passing the environment on to the services it starts, NodeTools reading PATH,"
                        + " Tracing naming the OTEL_* variables that OpenTelemetry's SDK reads, and the examples:"
                        + " another team's services, with settings of their own"));
    }

    @Test
    void noInternalJdkApi() {
        check(noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("sun..", "jdk.internal..")
                .because("internal JDK classes change without notice; TerminationSignal reaches"
                        + " sun.misc.Signal by reflection, saying why"));
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }
}
