package com.purepost.dfdetect.docs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings a {@code @ConfigurationProperties} record binds, found by walking its components (and
 * those of the records nested in it) by reflection: each leaf's property name in kebab case, as
 * Spring binds it, its environment variable, and its default where the record states one.
 */
final class RecordSettings {

    /**
     * One setting.
     *
     * @param property            {@code dfdetect.model.stand-in-when-missing}
     * @param environmentVariable {@code DFDETECT_MODEL_STAND_IN_WHEN_MISSING}
     * @param defaultValue        the record's default as written in {@code @DefaultValue} (or a
     *                            primitive's zero); empty when it has none
     */
    record Setting(String property, String environmentVariable, Optional<String> defaultValue) {
    }

    private RecordSettings() {
    }

    static List<Setting> of(Class<? extends Record> propertiesRecord) {
        ConfigurationProperties annotation = propertiesRecord.getAnnotation(ConfigurationProperties.class);
        String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
        List<Setting> settings = new ArrayList<>();
        walk(propertiesRecord, prefix, settings);
        return settings;
    }

    /** The variable Spring's relaxed binding reads for a property: upper case, dots and dashes as underscores. */
    static String environmentVariable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code standInWhenMissing} as Spring writes it in a property name: {@code stand-in-when-missing}. */
    static String kebabCase(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static void walk(Class<?> recordType, String prefix, List<Setting> settings) {
        RecordComponent[] components = recordType.getRecordComponents();
        Parameter[] parameters = canonicalConstructor(recordType, components).getParameters();
        for (int i = 0; i < components.length; i++) {
            Name renamed = parameters[i].getAnnotation(Name.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebabCase(components[i].getName()));
            Class<?> type = components[i].getType();
            if (type.isRecord()) {
                walk(type, name, settings);
            } else {
                settings.add(new Setting(name, environmentVariable(name), defaultOf(parameters[i], type)));
            }
        }
    }

    private static Optional<String> defaultOf(Parameter parameter, Class<?> type) {
        DefaultValue declared = parameter.getAnnotation(DefaultValue.class);
        if (declared != null) {
            String joined = String.join(",", declared.value());
            return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
        }
        if (type == boolean.class) {
            return Optional.of("false");
        }
        return type.isPrimitive() ? Optional.of("0") : Optional.empty();
    }

    private static Constructor<?> canonicalConstructor(Class<?> recordType, RecordComponent[] components) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return recordType.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(recordType + " has no canonical constructor", e);
        }
    }
}
