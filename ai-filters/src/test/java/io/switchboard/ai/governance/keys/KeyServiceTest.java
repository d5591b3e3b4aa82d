package io.switchboard.ai.governance.keys;

import io.switchboard.ai.governance.GovernanceProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.governance.audit.AuditEntry;
import io.switchboard.ai.governance.audit.AuditLog;
import io.switchboard.ai.provider.InvalidConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyServiceTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef";
  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  KeyService service;
  Actor admin = Actor.admin("admin:ops");

  @BeforeEach
  void setUp() {
    service = new KeyService(new InMemoryKeyStore(), new KeyHasher(SECRET), new AuditLog(100, clock), clock);
    service.saveTeam(admin, new Team("ml", Map.of("alice", Team.Role.ADMIN, "bob", Team.Role.MEMBER),
        List.of("gpt-4o*"), List.of(), new KeyLimits(100L, null, 50.0)));
  }

  @Test
  void mintedKeyHasFormatAndAuthenticatesByHmacOnly() {
    KeyService.Minted minted = service.create(admin, spec(null, null, null));
    assertThat(minted.plaintext()).matches("sk-sb-[0-9A-Za-z]{43}");
    assertThat(service.authenticate(minted.plaintext())).isNotNull();
    assertThat(service.authenticate(minted.plaintext() + "x")).isNull();
    assertThat(minted.key().hash()).startsWith("hmac:").doesNotContain(minted.plaintext());
    assertThat(minted.key().view().toString()).doesNotContain(minted.plaintext()).doesNotContain(minted.key().hash())
        .contains(minted.plaintext().substring(minted.plaintext().length() - 4));
    assertThat(minted.key().toString()).doesNotContain(minted.plaintext());
  }

  @Test
  void expiredAndRevokedKeysFail() {
    KeyService.Minted a = service.create(admin, new KeySpec(null, null, null, null, null,
        clock.instant().plusSeconds(60), null, null));
    assertThat(service.authenticate(a.plaintext())).isNotNull();
    clock.now = clock.now.plusSeconds(61);
    assertThat(service.authenticate(a.plaintext())).isNull();
    KeyService.Minted b = service.create(admin, spec(null, null, null));
    service.revoke(admin, b.key().id());
    assertThat(service.authenticate(b.plaintext())).isNull();
  }

  @Test
  void rotationKeepsTheOldValueForTheGracePeriod() {
    KeyService.Minted a = service.create(admin, spec(null, null, null));
    KeyService.Minted b = service.rotate(admin, a.key().id(), Duration.ofMinutes(5));
    assertThat(b.plaintext()).isNotEqualTo(a.plaintext());
    assertThat(service.authenticate(a.plaintext())).isNotNull();
    assertThat(service.authenticate(b.plaintext())).isNotNull();
    clock.now = clock.now.plusSeconds(301);
    assertThat(service.authenticate(a.plaintext())).isNull();
    assertThat(service.authenticate(b.plaintext())).isNotNull();
  }

  @Test
  void teamKeysInheritAndCannotExceedTeamBounds() {
    VirtualKey inherit = service.create(admin, spec("ml", null, null)).key();
    assertThat(inherit.models()).containsExactly("gpt-4o*");
    assertThat(inherit.limits()).isEqualTo(new KeyLimits(100L, null, 50.0));
    assertThat(service.create(admin, spec("ml", List.of("gpt-4o-mini"), null)).key().models())
        .containsExactly("gpt-4o-mini");
    assertThatThrownBy(() -> service.create(admin, spec("ml", List.of("gpt-*"), null)))
        .isInstanceOf(GovernanceException.class).hasMessageContaining("models");
    assertThatThrownBy(() -> service.create(admin, spec("ml", List.of("*"), null)))
        .isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> service.create(admin, spec("ml", null, new KeyLimits(1000L, null, null))))
        .isInstanceOf(GovernanceException.class).hasMessageContaining("requestsPerMinute");
  }

  @Test
  void teamAdminMintsOnlyWithinTheTeamAndTheirOwnKey() {
    KeyService.Minted aliceKey = service.create(admin, new KeySpec(null, "alice", "ml", List.of("gpt-4o-mini*"),
        null, null, null, new KeyLimits(10L, null, null)));
    Actor alice = service.teamAdmin(aliceKey.plaintext());
    assertThat(alice).isNotNull();
    assertThat(alice.adminTeams()).containsExactly("ml");
    VirtualKey minted = service.create(alice, new KeySpec(null, "bob", "ml", null, null, null, null, null)).key();
    assertThat(minted.models()).containsExactly("gpt-4o-mini*");
    assertThat(minted.limits().requestsPerMinute()).isEqualTo(10L);
    assertThatThrownBy(() -> service.create(alice, spec("ml", List.of("gpt-4o"), null)))
        .isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> service.create(alice, spec(null, null, null)))
        .isInstanceOf(GovernanceException.class).hasMessageContaining("team");
    assertThatThrownBy(() -> service.create(alice, new KeySpec(null, "mallory", "ml", null, null, null, null, null)))
        .isInstanceOf(GovernanceException.class).hasMessageContaining("member");
    assertThatThrownBy(() -> service.saveTeam(alice, new Team("ml", Map.of(), List.of("*"), List.of(),
        KeyLimits.NONE))).isInstanceOf(GovernanceException.class);
    // bob is a member, not an admin: his key is no admin credential
    KeyService.Minted bobKey = service.create(admin, new KeySpec(null, "bob", "ml", null, null, null, null, null));
    assertThat(service.teamAdmin(bobKey.plaintext())).isNull();
  }

  @Test
  void scopeChecksKeyAndCurrentTeam() {
    VirtualKey key = service.create(admin, new KeySpec(null, null, "ml", null, List.of("route-a"), null, null, null))
        .key();
    assertThat(service.allows(key, "gpt-4o-mini", "route-a")).isTrue();
    assertThat(service.allows(key, "gpt-5", "route-a")).isFalse();
    assertThat(service.allows(key, "gpt-4o", "route-b")).isFalse();
  }

  @Test
  void adminFieldsRejectInjectionWithoutEchoingIt() {
    for (KeySpec bad : List.of(
        new KeySpec(null, "alice\r\nx-admin: 1", null, null, null, null, null, null),
        new KeySpec(null, null, "ml'; DROP TABLE keys;--", null, null, null, null, null),
        new KeySpec(null, null, null, List.of("${jndi:ldap://x/a}"), null, null, null, null),
        new KeySpec("<script>\u0000", null, null, null, null, null, null, null),
        new KeySpec(null, null, null, null, null, null, Map.of("k", "v\n\rinjected"), null))) {
      assertThatThrownBy(() -> service.create(admin, bad)).isInstanceOf(GovernanceException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jndi", "DROP", "script", "injected", "\n"));
    }
  }

  @Test
  void everyChangeIsAuditedWithoutSecrets() {
    KeyService.Minted a = service.create(admin, spec(null, null, null));
    KeyService.Minted b = service.rotate(admin, a.key().id(), Duration.ZERO);
    assertThatThrownBy(() -> service.update(admin, a.key().id(), new KeySpec(null, null, null, null, null, null,
        Map.of("note", "pasted " + a.plaintext()), null))).isInstanceOf(GovernanceException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(a.plaintext()));
    service.update(admin, a.key().id(), new KeySpec("renamed", null, null, null, null, null, Map.of("k", "v"), null));
    service.revoke(admin, a.key().id());
    List<AuditEntry> entries = service.audit().query("key:" + a.key().id(), null, 100);
    assertThat(entries).extracting(AuditEntry::action)
        .containsExactly("key.create", "key.rotate", "key.update", "key.revoke");
    assertThat(entries).allSatisfy(e -> assertThat(e.actor()).isEqualTo("admin:ops"));
    assertThat(entries.get(1).before()).isNotNull();
    String all = entries.toString();
    assertThat(all).doesNotContain(a.plaintext()).doesNotContain(b.plaintext())
        .doesNotContain(a.key().hash()).doesNotContain("hmac:");
  }

  @Test
  void governanceNeedsASecretOnceUsed() {
    GovernanceProperties p = new GovernanceProperties();
    p.setEnabled(true);
    assertThatThrownBy(() -> new Governance(p, clock)).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("ai.governance.key-secret: missing");
    assertThat(new Governance(new GovernanceProperties(), clock).keys()).isNull();
  }

  @Test
  void declaredKeysAuthenticateByTheirSha256OrHmac() {
    GovernanceProperties p = new GovernanceProperties();
    p.setKeySecret(SECRET);
    DeclaredKey k1 = new DeclaredKey();
    k1.setId("ci");
    k1.setHash(KeyHasher.sha256("sk-sb-declaredone"));
    DeclaredKey k2 = new DeclaredKey();
    k2.setId("ci2");
    k2.setHash(new KeyHasher(SECRET).hmac("sk-sb-declaredtwo"));
    DeclaredKey bad = new DeclaredKey();
    bad.setId("plain");
    bad.setHash("sk-sb-plaintextkey");
    p.setKeys(List.of(k1, k2));
    Governance g = new Governance(p, clock);
    assertThat(g.keys().authenticate("sk-sb-declaredone").id()).isEqualTo("ci");
    assertThat(g.keys().authenticate("sk-sb-declaredtwo").id()).isEqualTo("ci2");
    p.setKeys(List.of(bad));
    assertThatThrownBy(() -> new Governance(p, clock)).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("ai.governance.keys[0].hash").satisfies(e ->
            assertThat(e.getMessage()).doesNotContain("sk-sb-plaintextkey"));
  }

  @Test
  void globs() {
    assertThat(Globs.matches("gpt-4o*", "gpt-4o-mini")).isTrue();
    assertThat(Globs.matches("gpt-4o*", "gpt-4")).isFalse();
    assertThat(Globs.matches("*-mini", "gpt-4o-mini")).isTrue();
    assertThat(Globs.within("gpt-4o-*", List.of("gpt-*"))).isTrue();
    assertThat(Globs.within("gpt-*", List.of("gpt-4o*"))).isFalse();
  }

  private static KeySpec spec(String team, List<String> models, KeyLimits limits) {
    return new KeySpec(null, null, team, models, null, null, null, limits);
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
