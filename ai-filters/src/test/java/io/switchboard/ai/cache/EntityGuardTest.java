package io.switchboard.ai.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityGuardTest {

  @Test
  void paraphrasesPass() {
    assertThat(EntityGuard.sameEntities("What is the capital of France?", "Tell me the capital city of France"))
        .isTrue();
    assertThat(EntityGuard.sameEntities("How many days are in 3 weeks?", "In 3 weeks, how many days are there?")).isTrue();
  }

  @Test
  void differentNumbersEntitiesNegationsOrUnitsFail() {
    assertThat(EntityGuard.sameEntities("What is 15% of 80?", "What is 15% of 90?")).isFalse();
    assertThat(EntityGuard.sameEntities("What is the capital of France?", "What is the capital of Spain?"))
        .isFalse();
    assertThat(EntityGuard.sameEntities("Is coffee healthy?", "Is coffee not healthy?")).isFalse();
    assertThat(EntityGuard.sameEntities("Convert 5 km to miles", "Convert 5 miles to km")).isFalse();
  }
}
