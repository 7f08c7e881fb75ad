package io.github.ipwhitelist.audit;

/**
 * Told of every denied request, after it is counted and recorded. Beans of this type are
 * called in order; auto-configuration adds one that publishes an actuator audit event.
 */
@FunctionalInterface
public interface IpWhitelistDenialListener {

	/**
	 * Called for a denied request.
	 * @param record what was denied
	 */
	void onDenial(DenialRecord record);

}
