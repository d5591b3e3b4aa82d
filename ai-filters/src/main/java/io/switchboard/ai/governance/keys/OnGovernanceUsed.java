package io.switchboard.ai.governance.keys;

import io.switchboard.ai.governance.GovernanceProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when virtual keys are used: {@code ai.governance.enabled}, or keys, teams or admin keys declared. */
public final class OnGovernanceUsed implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return Binder.get(context.getEnvironment()).bind("ai.governance", GovernanceProperties.class)
        .map(GovernanceProperties::used).orElse(false);
  }
}
