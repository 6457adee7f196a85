/**
 * The composition root of a run, free of Pekko: what a run is built from ({@link
 * org.edgetune.assembly.RunInputs}), the domain parts the actors wrap ({@link
 * org.edgetune.assembly.RunParts} and its small records) and the one place that builds them for
 * each way of running ({@link org.edgetune.assembly.RunAssembly}: one JVM, and the server, device
 * and encoder roles of a cluster).
 */
package org.edgetune.assembly;
