/**
 * The {@code snapline} command line (picocli): {@code run}, {@code check}, {@code cat} and
 * {@code generate}, their exit codes ({@link io.snapline.sidecar.cli.ExitCodes}) and the one
 * shutdown handler they share ({@link io.snapline.sidecar.cli.ShutdownSignal}).
 * {@link io.snapline.sidecar.cli.Sidecar} is the running process: the engine on the configured
 * output, with the metrics endpoint, watchdog, status line and progress of {@link io.snapline.sidecar.ops}.
 * Main class of {@code sidecar/target/snapline.jar}; reference: docs/tools.md and docs/operations.md.
 */
package io.snapline.sidecar.cli;
