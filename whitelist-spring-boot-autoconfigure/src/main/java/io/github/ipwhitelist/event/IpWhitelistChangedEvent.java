package io.github.ipwhitelist.event;

import io.github.ipwhitelist.store.TenantChange;

import org.springframework.context.ApplicationEvent;

/**
 * Published on the instance that made it, once a change of a tenant's policy (through the
 * management API or its service) is stored and live there. With Spring Boot's actuator, it is
 * also published as an {@code AuditApplicationEvent} of type {@code IP_WHITELIST_CHANGED}.
 */
public class IpWhitelistChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient TenantChange change;

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param change the change
	 */
	public IpWhitelistChangedEvent(Object source, TenantChange change) {
		super(source);
		this.change = change;
	}

	/**
	 * Returns the change: who, when, what, why, the policy before and after.
	 * @return the change
	 */
	public TenantChange getChange() {
		return this.change;
	}

}
