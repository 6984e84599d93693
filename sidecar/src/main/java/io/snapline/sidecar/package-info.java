/**
 * The standalone sidecar: its command line ({@link io.snapline.sidecar.cli}), its config file
 * ({@link io.snapline.sidecar.config}) and what operators see of it ({@link io.snapline.sidecar.ops}).
 * {@link io.snapline.sidecar.Units} is here because config and ops both read and print sizes and
 * durations and neither depends on the other.
 */
package io.snapline.sidecar;
