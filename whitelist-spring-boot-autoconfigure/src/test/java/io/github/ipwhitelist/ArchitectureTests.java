package io.github.ipwhitelist;

import java.net.InetAddress;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Layer rules: the address core stays free of Spring and the Servlet API, and no production
 * class touches {@link InetAddress}, the JDK type whose factories resolve host names.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.ipwhitelist");

	@Test
	void coreHasNoSpringOrServletDependency() {
		noClasses().that()
			.resideInAPackage("io.github.ipwhitelist.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "tools.jackson..",
					"com.github.benmanes..")
			.check(classes);
	}

	@Test
	void coreDependsOnNoOtherPackageOfTheProject() {
		noClasses().that()
			.resideInAPackage("io.github.ipwhitelist.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.ipwhitelist.autoconfigure..", "io.github.ipwhitelist.web..",
					"io.github.ipwhitelist.audit..", "io.github.ipwhitelist.actuate..",
					"io.github.ipwhitelist.ratelimit..", "io.github.ipwhitelist.source..")
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
