package io.github.ipwhitelist.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistDenialListener;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every denial as an actuator {@link AuditEvent} of type
 * {@value #TYPE}, with the address as principal (and the tenant and the gate that denied in
 * its data), so that an application with an
 * {@code AuditEventRepository} sees denials in {@code /actuator/auditevents}.
 */
public class AuditEventDenialListener implements IpWhitelistDenialListener {

	/** Type of the audit events. */
	public static final String TYPE = "IP_WHITELIST_DENIED";

	private final ApplicationEventPublisher publisher;

	public AuditEventDenialListener(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onDenial(DenialRecord record) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("path", record.path());
		data.put("method", record.method());
		data.put("code", record.code());
		data.put("requestId", record.requestId());
		data.put("reason", record.reason());
		data.put("tenant", record.tenant());
		data.put("gate", record.gate());
		this.publisher.publishEvent(new AuditApplicationEvent(new AuditEvent(record.timestamp(), record.ip(), TYPE, data)));
	}

}
