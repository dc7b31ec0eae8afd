/**
 * Report formats for {@code trustlock verify}: SARIF 2.1.0 for code scanning, JUnit XML for CI
 * test tabs, a CycloneDX 1.6 SBOM annotated with each component's verification result, and a
 * plain-text table. Each renderer reads only a {@link dev.trustlock.core.verify.VerifyReport}
 * (the SBOM one also the project's SBOM) and writes deterministic output.
 */
package dev.trustlock.core.report;
