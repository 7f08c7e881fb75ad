package io.github.ipwhitelist.source;

import java.util.List;
import java.util.Locale;

/**
 * Which prefixes of a provider's published list are kept: those of one of the services and
 * one of the regions (Google calls a region a scope). An empty list keeps every value. Values
 * are compared without case.
 *
 * @param services the services to keep ({@code CLOUDFRONT}, {@code Google Cloud}), empty for all
 * @param regions the regions to keep ({@code GLOBAL}, {@code us-east-1}, {@code europe-west1}),
 * empty for all
 */
public record ProviderFilter(List<String> services, List<String> regions) {

	/** Keeps every prefix. */
	public static final ProviderFilter NONE = new ProviderFilter(List.of(), List.of());

	public ProviderFilter {
		services = services.stream().map((service) -> service.trim().toLowerCase(Locale.ROOT)).toList();
		regions = regions.stream().map((region) -> region.trim().toLowerCase(Locale.ROOT)).toList();
	}

	/**
	 * Returns whether the filter keeps everything.
	 * @return {@code true} if neither services nor regions are named
	 */
	public boolean isEmpty() {
		return this.services.isEmpty() && this.regions.isEmpty();
	}

	boolean keepsService(String service) {
		return this.services.isEmpty() || this.services.contains(service.toLowerCase(Locale.ROOT));
	}

	boolean keepsRegion(String region) {
		return this.regions.isEmpty() || this.regions.contains(region.toLowerCase(Locale.ROOT));
	}

	@Override
	public String toString() {
		return (this.services.isEmpty() ? "" : "service " + String.join(" or ", this.services))
				+ ((!this.services.isEmpty() && !this.regions.isEmpty()) ? " and " : "")
				+ (this.regions.isEmpty() ? "" : "region " + String.join(" or ", this.regions));
	}

}
