package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.VerificationInvalidRule;
import dev.trustlock.core.detect.VerificationUnverifiableRule;
import dev.trustlock.core.history.Packuments;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerificationRuleTest {

    private List<Finding> check(ReasonCode code, Policy policy) {
        CheckTarget target = CheckTarget.of("1.14.0", Packuments.history("axios"), Optional.of(Identities.of(code)), true);
        List<Finding> out = new java.util.ArrayList<>(new VerificationInvalidRule().check(target, policy));
        out.addAll(new VerificationUnverifiableRule().check(target, policy));
        return out;
    }

    @Test
    void invalidIsAlwaysAnError() {
        List<Finding> f = check(ReasonCode.DSSE_SIGNATURE_INVALID, Policy.EMPTY);
        assertEquals(1, f.size());
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertEquals(VerificationInvalidRule.ID, f.get(0).ruleId());
        assertEquals("DSSE_SIGNATURE_INVALID", f.get(0).evidence().get("code"));
    }

    @Test
    void unverifiableTakesThePolicySeverity() {
        assertEquals(Severity.WARNING, check(ReasonCode.CERT_CHAIN_UNTRUSTED, Policy.EMPTY).get(0).severity());
        Policy strict = new Policy(List.of(), Optional.empty(), Optional.empty(), Severity.ERROR, List.of());
        List<Finding> f = check(ReasonCode.CERT_CHAIN_UNTRUSTED, strict);
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertEquals(VerificationUnverifiableRule.ID, f.get(0).ruleId());
    }

    @Test
    void passesAndMissingProvenanceAreNotThisRulesFindings() {
        assertEquals(List.of(), check(ReasonCode.OK, Policy.EMPTY));
        assertEquals(List.of(), check(ReasonCode.NO_ATTESTATIONS, Policy.EMPTY));
    }
}
