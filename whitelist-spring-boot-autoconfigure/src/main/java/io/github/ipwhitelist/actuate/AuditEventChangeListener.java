package io.github.ipwhitelist.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.event.IpWhitelistChangedEvent;
import io.github.ipwhitelist.store.TenantChange;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Publishes every change of a tenant's policy as an actuator {@link AuditEvent} of type
 * {@value #TYPE}: the author as principal; the tenant, the action, the reason and the new
 * version in its data.
 */
public class AuditEventChangeListener implements ApplicationListener<IpWhitelistChangedEvent> {

	/** Type of the audit events. */
	public static final String TYPE = "IP_WHITELIST_CHANGED";

	private final ApplicationEventPublisher publisher;

	public AuditEventChangeListener(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onApplicationEvent(IpWhitelistChangedEvent event) {
		TenantChange change = event.getChange();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("tenant", change.tenant());
		data.put("action", change.action());
		data.put("reason", change.reason());
		data.put("version", change.version());
		this.publisher.publishEvent(new AuditApplicationEvent(new AuditEvent(change.at(), change.by(), TYPE, data)));
	}

}
