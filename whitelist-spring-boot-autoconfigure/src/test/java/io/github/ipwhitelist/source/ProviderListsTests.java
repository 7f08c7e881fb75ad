package io.github.ipwhitelist.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.rules.IpEntry;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The providers' published lists, read from small files in each provider's real shape: what
 * is kept, what each filter keeps, and that nothing bad is ever skipped.
 */
class ProviderListsTests {

	static byte[] file(String name) throws IOException {
		return new ClassPathResource("providers/" + name).getContentAsByteArray();
	}

	static List<String> prefixes(List<IpEntry> entries) {
		return entries.stream().map((entry) -> entry.prefix().toString()).toList();
	}

	static List<IpEntry> parse(SourceFormat format, String text, ProviderFilter filter) {
		return ProviderLists.parse(format, "test", text.getBytes(StandardCharsets.UTF_8), filter);
	}

	@Test
	void awsKeepsEveryPrefixOnceWithItsServiceAndRegion() throws IOException {
		List<IpEntry> entries = ProviderLists.parse(SourceFormat.AWS, "aws", file("aws-ip-ranges.json"),
				ProviderFilter.NONE);
		assertThat(prefixes(entries)).containsExactly("13.32.0.0/15", "3.5.140.0/22", "52.46.0.0/18", "18.208.0.0/13",
				"2600:9000::/28", "2600:1f18::/33");
		assertThat(entries.get(0).description()).isEqualTo("AWS AMAZON GLOBAL");
		assertThat(entries.get(0).origin()).isEqualTo("aws");
	}

	@Test
	void awsFilteredByServiceAndRegionWithoutCase() throws IOException {
		List<IpEntry> cloudFront = ProviderLists.parse(SourceFormat.AWS, "aws", file("aws-ip-ranges.json"),
				new ProviderFilter(List.of("cloudfront"), List.of()));
		assertThat(prefixes(cloudFront)).containsExactly("13.32.0.0/15", "52.46.0.0/18", "2600:9000::/28");
		List<IpEntry> ec2 = ProviderLists.parse(SourceFormat.AWS, "aws", file("aws-ip-ranges.json"),
				new ProviderFilter(List.of("EC2", "AMAZON"), List.of("us-east-1")));
		assertThat(prefixes(ec2)).containsExactly("18.208.0.0/13", "2600:1f18::/33");
	}

	@Test
	void awsFilterThatKeepsNothingFailsNamingWhatIsListed() throws IOException {
		byte[] content = file("aws-ip-ranges.json");
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> ProviderLists.parse(SourceFormat.AWS, "aws", content,
					new ProviderFilter(List.of("CLOUDFRONTT"), List.of())))
			.satisfies((ex) -> assertThat(ex.getProblem())
				.contains("no prefix has service cloudfrontt")
				.contains("services listed: AMAZON, CLOUDFRONT, EC2")
				.contains("regions: ap-northeast-2, GLOBAL, us-east-1"));
	}

	@Test
	void googleCloudJsonByScope() throws IOException {
		List<IpEntry> all = ProviderLists.parse(SourceFormat.GOOGLE, "google", file("google-cloud.json"),
				ProviderFilter.NONE);
		assertThat(prefixes(all)).containsExactly("34.35.0.0/16", "2600:1900:8000::/44", "34.76.0.0/14",
				"2600:1900:4010::/44");
		assertThat(all.get(2).description()).isEqualTo("Google Google Cloud europe-west1");
		List<IpEntry> europe = ProviderLists.parse(SourceFormat.GOOGLE, "google", file("google-cloud.json"),
				new ProviderFilter(List.of("Google Cloud"), List.of("EUROPE-WEST1")));
		assertThat(prefixes(europe)).containsExactly("34.76.0.0/14", "2600:1900:4010::/44");
	}

	@Test
	void googleGoogJsonHasNoServiceOrScope() throws IOException {
		assertThat(prefixes(ProviderLists.parse(SourceFormat.GOOGLE, "goog", file("google-goog.json"),
				ProviderFilter.NONE)))
			.containsExactly("8.8.4.0/24", "35.191.0.0/16", "2001:4860::/32");
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> ProviderLists.parse(SourceFormat.GOOGLE, "goog", file("google-goog.json"),
					new ProviderFilter(List.of(), List.of("europe-west1"))))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("regions: none"));
	}

	@Test
	void fastlyBothFamilies() throws IOException {
		assertThat(prefixes(ProviderLists.parse(SourceFormat.FASTLY, "fastly", file("fastly-public-ip-list.json"),
				ProviderFilter.NONE)))
			.containsExactly("23.235.32.0/20", "43.249.72.0/22", "103.244.50.0/24", "151.101.0.0/16", "2a04:4e40::/32",
					"2a04:4e42::/32");
	}

	@Test
	void badValuesFailTheWholeListNamingTheirPointer() {
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.FASTLY, "{\"addresses\":[\"23.235.32.0/20\",\"23.235.32.1/20\"],"
					+ "\"ipv6_addresses\":[]}", ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).startsWith("/addresses/1 '23.235.32.1/20' is not a CIDR"));
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.FASTLY, "{\"addresses\":[\"23.235.32.0/20\",7],\"ipv6_addresses\":[]}",
					ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).isEqualTo("/addresses/1 is not a string"));
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.AWS, "{\"prefixes\":[{\"ip_prefix\":\"13.32.0.0/15\",\"region\":\"GLOBAL\"}],"
					+ "\"ipv6_prefixes\":[]}", ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).isEqualTo("/prefixes/0/service is missing"));
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.GOOGLE,
					"{\"prefixes\":[{\"ipv4Prefix\":\"8.8.4.0/24\",\"ipv6Prefix\":\"2001:4860::/32\"}]}",
					ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("/prefixes/0 has both"));
	}

	@Test
	void wrongShapeNamesTheExpectedDocument() {
		// Fastly's list read as AWS's: the format is wrong, and the message says which was expected.
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.AWS, "{\"addresses\":[\"23.235.32.0/20\"]}", ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem())
				.isEqualTo("/prefixes is missing: is this AWS's ip-ranges.json?"));
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.FASTLY, "[\"23.235.32.0/20\"]", ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).isEqualTo("the document is not a JSON object"));
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.FASTLY, "{\"addresses\":[],\"ipv6_addresses\":[]}", ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).isEqualTo("it lists no prefix"));
	}

	@Test
	void notJsonNamesWhere() {
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.FASTLY, "{\"addresses\":[\"23.235.32.0/20\",]", ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).startsWith("not JSON: ").contains("at line 1"));
		assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> parse(SourceFormat.FASTLY,
					"{\"addresses\":[\"23.235.32.0/20\"],\"addresses\":[\"10.0.0.0/8\"],\"ipv6_addresses\":[]}",
					ProviderFilter.NONE))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("Duplicate"));
	}

}
