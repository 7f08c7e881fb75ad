package io.github.ipwhitelist.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.Filter;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Stops the startup when the address the whitelist checks would not be the socket peer's: a
 * server or framework setting that replaces {@code request.getRemoteAddr()} with a value taken
 * from forwarding headers, before the check runs. Tomcat's {@code RemoteIpValve} trusts every
 * private and loopback address as an internal proxy by default, and Spring's
 * {@link ForwardedHeaderFilter} takes the leftmost hop, so with either a client chooses the
 * address it is checked by.
 * <p>
 * Found from the configuration ({@code server.forward-headers-strategy} {@code native} or
 * {@code framework}, a cloud platform on which Boot turns {@code native} on by itself, any
 * {@code server.tomcat.remoteip.*} property) and from what the application builds (a
 * {@code RemoteIpValve} on the Tomcat factory, a {@code ForwardedHeaderFilter} or Tomcat
 * {@code RemoteIpFilter} registered as a filter). {@code ip-whitelist.client-ip.trust-server-forwarding=true}
 * turns the failure into a warning, for a deployment whose internal proxies are pinned to
 * exactly its load balancers.
 */
final class ServerForwardingGuard implements BeanPostProcessor {

	static final String OPT_IN = "ip-whitelist.client-ip.trust-server-forwarding";

	private static final Log logger = LogFactory.getLog(ServerForwardingGuard.class);

	private static final ConfigurationPropertyName TOMCAT_REMOTE_IP = ConfigurationPropertyName
		.of("server.tomcat.remoteip");

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.tomcat.TomcatWebServerFactory", ServerForwardingGuard.class.getClassLoader());

	/** The keys of Boot's RemoteIpValve settings, read through the binder as well. */
	private static final List<String> REMOTE_IP_KEYS = List.of("remote-ip-header", "protocol-header",
			"protocol-header-https-value", "internal-proxies", "trusted-proxies", "host-header", "port-header");

	private final boolean trusted;

	ServerForwardingGuard(Environment environment) {
		this.trusted = environment.getProperty(OPT_IN, Boolean.class, false);
		Binder binder = Binder.get(environment);
		// Pinning is Tomcat's (server.tomcat.remoteip.*): Jetty's forwarded-request handling
		// believes every client whatever that property says.
		boolean pinned = TOMCAT_PRESENT
				&& !binder.bind("server.tomcat.remoteip.internal-proxies", String.class).orElse("").isBlank();
		boolean framework = strategy(binder).equalsIgnoreCase("framework");
		report(settings(environment), !framework && pinned, framework ? "Spring's ForwardedHeaderFilter (strategy framework) "
				+ "believes any client's forwarding header: it has no list of proxies to pin"
				: "server.tomcat.remoteip.internal-proxies is not set, so Tomcat still trusts every private and "
						+ "loopback address as a proxy");
	}

	/**
	 * Lists the configuration that makes the server or Spring rewrite the client address.
	 * @param environment the environment
	 * @return each setting with its value, empty if none
	 */
	static List<String> settings(Environment environment) {
		Set<String> settings = new LinkedHashSet<>();
		Binder binder = Binder.get(environment);
		String strategy = strategy(binder);
		if (!strategy.isEmpty()) {
			if (!strategy.equalsIgnoreCase("none")) {
				settings.add("server.forward-headers-strategy=" + strategy);
			}
		}
		else {
			CloudPlatform platform = CloudPlatform.getActive(environment);
			if (platform != null && platform.isUsingForwardHeaders()) {
				settings.add("the " + platform + " cloud platform (on it Spring Boot defaults "
						+ "server.forward-headers-strategy to native)");
			}
		}
		Set<String> named = new HashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().filter(TOMCAT_REMOTE_IP::isAncestorOf).forEach((name) -> {
					named.add(name.toString().replace("-", ""));
					settings.add(describe(iterable, name, environment));
				});
			}
		}
		// Sources that cannot list their names (JNDI, custom ones) still bind: ask for each key.
		for (String key : REMOTE_IP_KEYS) {
			String name = "server.tomcat.remoteip." + key;
			if (!named.contains(name.replace("-", ""))) {
				binder.bind(name, String.class).ifBound((value) -> settings.add(name + "=" + value));
			}
		}
		return new ArrayList<>(settings);
	}

	/** The configured forward-headers strategy, trimmed; empty when not set. */
	private static String strategy(Binder binder) {
		return binder.bind("server.forward-headers-strategy", String.class).map(String::trim).orElse("");
	}

	/**
	 * Names a property with its value, and the environment variable it came from, if any (its
	 * name there is not the one the user wrote).
	 */
	private static String describe(ConfigurationPropertySource source, ConfigurationPropertyName name,
			Environment environment) {
		String setting = name + "=" + environment.getProperty(name.toString(), "");
		ConfigurationProperty property = source.getConfigurationProperty(name);
		if (property != null && property.getOrigin() instanceof SystemEnvironmentOrigin origin) {
			setting += " (environment variable " + origin.getProperty() + ")";
		}
		else if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
			setting += " (an environment variable)";
		}
		return setting;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Object filter = (bean instanceof AbstractFilterRegistrationBean<?> registration)
				? filterOf(registration) : bean;
		if (filter instanceof Filter && isRewritingFilter(filter.getClass())) {
			report(List.of("the filter bean '" + beanName + "' (" + filter.getClass().getName() + ")"), false,
					"a forwarding filter rewrites the address in the application, where no internal proxies are "
							+ "pinned; only Tomcat's RemoteIpValve with server.tomcat.remoteip.internal-proxies can be");
		}
		if (TOMCAT_PRESENT) {
			Tomcat.check(bean, beanName, this);
		}
		return bean;
	}

	private static Object filterOf(AbstractFilterRegistrationBean<?> registration) {
		Filter filter = registration.getFilter();
		return (filter != null) ? filter : registration;
	}

	private static boolean isRewritingFilter(Class<?> type) {
		if (ForwardedHeaderFilter.class.isAssignableFrom(type)) {
			return true;
		}
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (candidate.getName().equals("org.apache.catalina.filters.RemoteIpFilter")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Stops the startup for what rewrites the address, unless the user opted in and it can be
	 * pinned to the load balancers (and is).
	 * @param settings what rewrites the address
	 * @param pinnable whether the opt-in may accept it
	 * @param unpinnedReason why the opt-in cannot accept it, when it cannot
	 */
	private void report(List<String> settings, boolean pinnable, String unpinnedReason) {
		if (settings.isEmpty()) {
			return;
		}
		if (!this.trusted) {
			throw new ServerForwardingException(settings, null);
		}
		if (!pinnable) {
			throw new ServerForwardingException(settings, unpinnedReason);
		}
		logger.warn("IP whitelist: " + OPT_IN + "=true: trusting the address that " + String.join(", ", settings)
				+ " puts in place of the socket peer. This is safe only while the server's internal proxies are "
				+ "exactly your load balancers (see the README, Deployments).");
	}

	/**
	 * Tomcat's valves, in a class of its own so that nothing of Tomcat is loaded without it.
	 */
	private static final class Tomcat {

		static void check(Object bean, String beanName, ServerForwardingGuard guard) {
			if (bean instanceof TomcatWebServerFactory factory) {
				List<String> found = new ArrayList<>();
				boolean pinned = true;
				for (Valve valve : factory.getEngineValves()) {
					if (valve instanceof RemoteIpValve remoteIp) {
						found.add("a RemoteIpValve on the Tomcat engine of '" + beanName + "'");
						pinned &= isPinned(remoteIp);
					}
				}
				for (Valve valve : factory.getContextValves()) {
					if (valve instanceof RemoteIpValve remoteIp) {
						found.add("a RemoteIpValve on the Tomcat context of '" + beanName + "'");
						pinned &= isPinned(remoteIp);
					}
				}
				guard.report(found, pinned, "the RemoteIpValve keeps Tomcat's default internal proxies, every private "
						+ "and loopback address");
			}
		}

		/** Whether the valve's internal proxies were set to something other than Tomcat's default. */
		private static boolean isPinned(RemoteIpValve valve) {
			String proxies = valve.getInternalProxies();
			return proxies != null && !proxies.isBlank() && !proxies.equals(new RemoteIpValve().getInternalProxies());
		}

	}

}
