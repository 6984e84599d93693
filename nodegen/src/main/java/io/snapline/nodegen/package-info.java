/**
 * Synthetic node output files for tests, demos and benchmarks: {@link
 * io.snapline.nodegen.NodeFileGenerator} writes realistic, deterministic lines of one
 * node stream in one layout into the node's hourly directory layout, with malformed lines of
 * known kinds ({@link io.snapline.nodegen.BadLine}) mixed in on request.
 */
package io.snapline.nodegen;
