package io.github.ipwhitelist.audit;

/**
 * Exact counts of guarded requests since start, by outcome.
 *
 * @param allowed requests that passed
 * @param denied requests denied with 1451
 * @param malformed requests denied with 1452
 * @param rateLimited requests denied with 1453
 */
public record AccessCounts(long allowed, long denied, long malformed, long rateLimited) {

	/**
	 * Returns the number of guarded requests.
	 * @return the sum of all outcomes
	 */
	public long total() {
		return this.allowed + this.denied + this.malformed + this.rateLimited;
	}

}
