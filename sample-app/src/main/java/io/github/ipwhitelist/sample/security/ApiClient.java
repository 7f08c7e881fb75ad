package io.github.ipwhitelist.sample.security;

/**
 * A client known by its API key.
 *
 * @param id the client's name
 * @param keyHash SHA-256 of its API key
 * @param hmacSecret the secret its signatures are made with
 */
record ApiClient(String id, byte[] keyHash, byte[] hmacSecret) {

	@Override
	public String toString() {
		return "ApiClient[" + this.id + "]";
	}

}
