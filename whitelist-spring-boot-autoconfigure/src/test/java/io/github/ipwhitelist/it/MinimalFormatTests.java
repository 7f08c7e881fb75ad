package io.github.ipwhitelist.it;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static io.github.ipwhitelist.it.ResponseFormatSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

@SpringBootTest(classes = ApiKeyTestApplication.class,
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.response.format=minimal",
				"ip-whitelist.response.status=401", "ip-whitelist.client-ip.trusted-proxies=10.0.0.0/8" })
@AutoConfigureMockMvc
class MinimalFormatTests {

	@Autowired
	MockMvc mvc;

	@Test
	void notAuthorizedThenStatusOnly() throws Exception {
		MvcResult result = perform(this.mvc, "203.0.113.50", null, "min-1");
		assertThat(result.getResponse().getStatus()).isEqualTo(401);
		assertThat(result.getResponse().getContentAsByteArray()).isEmpty();
		assertThat(result.getResponse().getContentType()).isNull();
		assertThat(result.getResponse().getHeader("X-Request-Id")).isEqualTo("min-1");
	}

	@Test
	void malformedThenStatusOnly() throws Exception {
		MvcResult result = perform(this.mvc, "10.0.0.2", "1.2.3.4:99999", null);
		assertThat(result.getResponse().getStatus()).isEqualTo(401);
		assertThat(result.getResponse().getContentAsByteArray()).isEmpty();
	}

}
