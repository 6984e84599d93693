package io.snapline.sidecar.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the JAR's manifest (Implementation-Version), or "development" when run from classes. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"snapline " + (version == null ? "development" : version)};
    }
}
