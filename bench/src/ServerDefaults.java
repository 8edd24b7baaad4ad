import java.lang.reflect.Proxy;
import java.util.Optional;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * A server config mapping with nothing but its defaults, read from its own {@code @WithDefault}s
 * and converted by the server's converters (sizes, durations, enums), so no default is written in
 * the bench again. A proxy, not SmallRye's mapping: that one generates code at run time with a
 * library only the server's build has.
 */
final class ServerDefaults {

    private static final SmallRyeConfig CONVERTERS = new SmallRyeConfigBuilder().addDiscoveredConverters().build();

    private ServerDefaults() {
    }

    static <T> T of(Class<T> mapping) {
        return mapping.cast(Proxy.newProxyInstance(mapping.getClassLoader(), new Class<?>[] {mapping}, (proxy, method, args) -> {
            WithDefault value = method.getAnnotation(WithDefault.class);
            if (value != null) {
                return CONVERTERS.getConverter(method.getReturnType()).orElseThrow().convert(value.value());
            }
            if (method.getReturnType() == Optional.class) {
                return Optional.empty();
            }
            throw new UnsupportedOperationException(mapping.getSimpleName() + "." + method.getName() + " has no default");
        }));
    }
}
