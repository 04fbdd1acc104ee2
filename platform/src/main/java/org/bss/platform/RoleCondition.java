package org.bss.platform;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class RoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        Role role = (Role) attributes.get("value");
        // Conditions run before beans exist: bind the settings record here, so its default is the only one.
        PlatformProperties settings = Binder.get(context.getEnvironment()).bindOrCreate("bss", PlatformProperties.class);
        return Role.parse(settings.roles()).contains(role);
    }
}
