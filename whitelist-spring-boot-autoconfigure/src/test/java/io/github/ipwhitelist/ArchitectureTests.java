package io.github.ipwhitelist;

import java.net.InetAddress;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Layer rules: the three core packages (addresses, client resolution, rules) stay free of
 * Spring and the Servlet API and apart from each other (client resolution and rules both build
 * on addresses, never on each other), and no production class touches {@link InetAddress}, the
 * JDK type whose factories resolve host names.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.ipwhitelist");

	private static final String[] CORE = { "io.github.ipwhitelist.address..", "io.github.ipwhitelist.client..",
			"io.github.ipwhitelist.rules.." };

	@Test
	void coreHasNoSpringOrServletDependency() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "tools.jackson..",
					"com.github.benmanes..", "io.github.bucket4j..", "org.apache.commons.logging..")
			.check(classes);
	}

	@Test
	void coreDependsOnNoOtherPackageOfTheProject() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ipwhitelist.autoconfigure..", "io.github.ipwhitelist.web..",
					"io.github.ipwhitelist.audit..", "io.github.ipwhitelist.actuate..",
					"io.github.ipwhitelist.ratelimit..", "io.github.ipwhitelist.source..")
			.check(classes);
	}

	@Test
	void addressesDependOnNoOtherCorePackage() {
		noClasses().that()
			.resideInAPackage("io.github.ipwhitelist.address..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ipwhitelist.client..", "io.github.ipwhitelist.rules..")
			.check(classes);
	}

	@Test
	void clientResolutionAndRulesAreApart() {
		noClasses().that()
			.resideInAPackage("io.github.ipwhitelist.client..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.ipwhitelist.rules..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("io.github.ipwhitelist.rules..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.ipwhitelist.client..")
			.check(classes);
	}

	@Test
	void corePackagesNeverResolveNames() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.net..", "javax.naming..")
			.because("addresses are parsed from their literal text; no name is ever looked up")
			.check(classes);
	}

	@Test
	void noProductionClassUsesInetAddress() {
		noClasses().should()
			.dependOnClassesThat()
			.areAssignableTo(InetAddress.class)
			.because("a host name must never be resolved, on the request path or at startup")
			.check(classes);
	}

	@Test
	void webLayerDoesNotDependOnAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage("io.github.ipwhitelist.web..", "io.github.ipwhitelist.audit..",
					"io.github.ipwhitelist.actuate..", "io.github.ipwhitelist.ratelimit..",
					"io.github.ipwhitelist.source..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.ipwhitelist.autoconfigure..")
			.check(classes);
	}

}
