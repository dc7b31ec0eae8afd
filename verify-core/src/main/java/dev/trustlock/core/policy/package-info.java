/**
 * The {@code trustlock.yaml} policy (model, strict reader, trust-on-first-use writer) and the
 * rules that turn a package version's history, verification result and policy into findings.
 * Each rule is a small pure class; {@link dev.trustlock.core.detect.ReleaseChecks} runs them and
 * applies the policy's exceptions.
 */
package dev.trustlock.core.policy;
