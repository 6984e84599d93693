package io.snapline.sidecar.config;

/** What every value read from one file shares: where errors go, and the environment to substitute. */
record ReadContext(Errors errors, EnvSubstitution env) {
}
