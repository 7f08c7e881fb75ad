package io.github.ipwhitelist.sample;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BanksController {

	@GetMapping("/api/v1/payment-providers/banks")
	List<Map<String, String>> banks() {
		return List.of(Map.of("code", "DEMO", "name", "Demo Bank"));
	}

}
