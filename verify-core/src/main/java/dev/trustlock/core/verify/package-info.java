/**
 * {@code trustlock verify}'s pipeline: {@link dev.trustlock.core.verify.VerifyRun} takes a
 * dependency graph (from a lockfile, or from a CycloneDX SBOM via
 * {@link dev.trustlock.core.verify.CycloneDxGraphReader}), asks a
 * {@link dev.trustlock.core.registry.RegistrySource} (network, cache or snapshot) for each
 * registry package's packument and attestations, verifies them against the trust material, runs
 * the policy rules over the publish history, and returns a
 * {@link dev.trustlock.core.verify.VerifyReport}: the one input of every report renderer.
 *
 * <p>Fail-closed throughout: a registry failure, a version the registry does not list, or
 * attestations it advertises but does not serve make the package UNVERIFIABLE; nothing is
 * VERIFIED unless the attestations verified against the lockfile's own integrity.
 */
package dev.trustlock.core.verify;
