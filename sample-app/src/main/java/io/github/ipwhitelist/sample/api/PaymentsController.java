package io.github.ipwhitelist.sample.api;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small payments API: the banks a client can pay to, and payments.
 */
@RestController
@RequestMapping("/api/v1")
class PaymentsController {

	private final Clock clock;

	PaymentsController(Clock clock) {
		this.clock = clock;
	}

	private static final List<Bank> BANKS = List.of(new Bank("DEMOGB2L", "Demo Bank", "GB"),
			new Bank("EXMPDEFF", "Example Bank", "DE"), new Bank("SMPLFRPP", "Sample Bank", "FR"));

	@GetMapping("/payment-providers/banks")
	List<Bank> banks() {
		return BANKS;
	}

	@PostMapping("/payments")
	@ResponseStatus(HttpStatus.CREATED)
	Payment create(@Valid @RequestBody PaymentRequest request, Authentication client) {
		return new Payment(UUID.randomUUID().toString(), client.getName(), request.bank(), request.amount(),
				request.currency(), "ACCEPTED", this.clock.instant());
	}

	record Bank(String bic, String name, String country) {
	}

	record PaymentRequest(@NotBlank String bank, @DecimalMin("0.01") BigDecimal amount,
			@Pattern(regexp = "[A-Z]{3}") String currency) {
	}

	record Payment(String id, String client, String bank, BigDecimal amount, String currency, String status,
			Instant createdAt) {
	}

}
