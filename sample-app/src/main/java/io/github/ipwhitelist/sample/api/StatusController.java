package io.github.ipwhitelist.sample.api;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain status page outside the API's security chain: only the address check applies to it
 * (the starter guards requests that no security filter chain matches, too). The end-to-end
 * throughput measurement uses it, so that it times the address check and little else.
 */
@RestController
class StatusController {

	@GetMapping(path = "/status", produces = "text/plain")
	String status() {
		return "ok";
	}

}
