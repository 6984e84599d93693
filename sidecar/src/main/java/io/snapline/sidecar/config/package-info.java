/**
 * The YAML config file: {@link io.snapline.sidecar.config.ConfigLoader} reads it strictly
 * (snakeyaml-engine, with line marks), substitutes {@code ${VAR}}, and reports every error at once
 * as {@code file:line: key: expected ..., got ...} before anything starts. The result,
 * {@link io.snapline.sidecar.config.SnaplineConfig}, holds the engine's config and the settings of
 * the output ({@link io.snapline.sidecar.config.OutputSettings}, which opens it) and of operations.
 * Every key: docs/config.md.
 */
package io.snapline.sidecar.config;
